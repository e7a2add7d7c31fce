using System.Globalization;
using Netpact.Compilers.Kubernetes;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// Writes the Kubernetes files of a quarantine: an AdminNetworkPolicy at priority 0 (evaluated before every
/// NetworkPolicy, so it wins over any policy that admits the target) and a NetworkPolicy that still isolates where the
/// admin tier is not installed, as far as a NetworkPolicy can.
/// </summary>
internal static class QuarantineManifests
{
    public const string ReasonAnnotation = "netpact.io/quarantine-reason";
    public const string CreatedAnnotation = "netpact.io/quarantine-created";
    public const string TargetAnnotation = "netpact.io/quarantine-target";

    /// <summary>The highest priority of the admin tier: lower numbers are evaluated first.</summary>
    public const int TopPriority = 0;

    public static string ObjectName(QuarantineTarget target) => Truncate($"netpact-quarantine-{target.Slug}");

    public static string Created(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Truncate(string name) => name.Length <= 63 ? name : name[..63].TrimEnd('-', '.');

    public static string AdminPolicy(QuarantineRequest request, QuarantineScope target, IReadOnlyList<(ForensicSource Source, QuarantineScope? Pods)> allow,
        IReadOnlyList<QuarantineScope> dns)
    {
        var y = new YamlText();
        y.Comment(0, $"Quarantine of {request.Target} by netpact ({Created(request.Created)}): {request.Reason}");
        y.Comment(0, "An AdminNetworkPolicy at priority 0 is evaluated before every NetworkPolicy: its Deny cannot be undone by a policy");
        y.Comment(0, "that admits the target. The forensic sources are allowed first; everything else in and out is denied.");
        y.Comment(0, "Needs the AdminNetworkPolicy CRD and a network plugin that enforces it; the NetworkPolicy beside this file holds without.");
        y.Comment(0, "Ingress from outside the cluster cannot be denied here (v1alpha1 ingress peers are pods only): the NetworkPolicy covers it.");
        y.Line(0, "apiVersion: policy.networking.k8s.io/v1alpha1");
        y.Line(0, "kind: AdminNetworkPolicy");
        Metadata(y, request, ObjectName(request.Target), null);
        y.Line(0, "spec:");
        y.Line(2, $"priority: {TopPriority}");
        y.Line(2, "subject:");
        AdminSelector(y, 4, target, asPeer: false);
        y.Line(2, "ingress:");
        var pods = allow.Where(a => a.Pods is not null).ToList();
        if (pods.Count > 0)
        {
            y.Line(4, "- name: forensic-sources");
            y.Line(6, "action: Allow");
            y.Line(6, "from:");
            foreach (var (_, scope) in pods) AdminSelector(y, 8, scope!, asPeer: true);
        }
        y.Line(4, "- name: quarantine-deny-all");
        y.Line(6, "action: Deny");
        y.Line(6, "from:");
        y.Line(8, "- namespaces: {}");
        y.Line(2, "egress:");
        var networks = allow.Where(a => a.Source.Network is not null).ToList();
        if (pods.Count + networks.Count > 0)
        {
            y.Line(4, "- name: forensic-sources");
            y.Line(6, "action: Allow");
            y.Line(6, "to:");
            foreach (var (_, scope) in pods) AdminSelector(y, 8, scope!, asPeer: true);
            if (networks.Count > 0)
            {
                y.Line(8, "- networks:");
                foreach (var (source, _) in networks) y.Line(12, $"- {YamlText.Scalar(source.Network!.ToString())}");
            }
        }
        if (request.Dns)
        {
            y.Line(4, "- name: dns");
            y.Line(6, "action: Allow");
            y.Line(6, "to:");
            foreach (var scope in dns) AdminSelector(y, 8, scope, asPeer: true);
            y.Line(6, "ports:");
            foreach (var protocol in new[] { "UDP", "TCP" })
            {
                y.Line(8, "- portNumber:");
                y.Line(12, $"protocol: {protocol}");
                y.Line(12, "port: 53");
            }
        }
        y.Line(4, "- name: quarantine-deny-all");
        y.Line(6, "action: Deny");
        y.Line(6, "to:");
        y.Line(8, "- namespaces: {}");
        y.Line(8, "- networks:");
        y.Line(12, "- 0.0.0.0/0");
        y.Line(12, "- ::/0");
        return y.ToString();
    }

    public static string ForensicObjectName(QuarantineTarget target, int index) => Truncate($"netpact-quarantine-{target.Slug}-forensic-{index + 1}");

    /// <summary>
    /// Lets a forensic workload reach the target and be reached by it whatever its own NetworkPolicies say: Allow rules
    /// only, so every other connection of the forensic workload stays as it was (passes on to its NetworkPolicies).
    /// </summary>
    public static string ForensicAdminPolicy(QuarantineRequest request, QuarantineScope target, ForensicSource source, QuarantineScope pods, int index)
    {
        var y = new YamlText();
        y.Comment(0, $"Quarantine of {request.Target} by netpact ({Created(request.Created)}): {request.Reason}");
        y.Comment(0, $"The forensic source {source} may reach the quarantined pods and be reached by them, whatever its own NetworkPolicies say.");
        y.Comment(0, "Allow rules only: every other connection of the forensic source is left to the policies it had.");
        y.Line(0, "apiVersion: policy.networking.k8s.io/v1alpha1");
        y.Line(0, "kind: AdminNetworkPolicy");
        Metadata(y, request, ForensicObjectName(request.Target, index), null);
        y.Line(0, "spec:");
        y.Line(2, $"priority: {TopPriority}");
        y.Line(2, "subject:");
        AdminSelector(y, 4, pods, asPeer: false);
        y.Line(2, "ingress:");
        y.Line(4, "- name: from-quarantined");
        y.Line(6, "action: Allow");
        y.Line(6, "from:");
        AdminSelector(y, 8, target, asPeer: true);
        y.Line(2, "egress:");
        y.Line(4, "- name: to-quarantined");
        y.Line(6, "action: Allow");
        y.Line(6, "to:");
        AdminSelector(y, 8, target, asPeer: true);
        return y.ToString();
    }

    public static string NetworkPolicy(QuarantineRequest request, QuarantineScope target, IReadOnlyList<(ForensicSource Source, QuarantineScope? Pods)> allow,
        IReadOnlyList<QuarantineScope> dns, IReadOnlyList<NetworkPolicy> cannotOverride)
    {
        var y = new YamlText();
        y.Comment(0, $"Quarantine of {request.Target} by netpact ({Created(request.Created)}): {request.Reason}");
        y.Comment(0, "The fallback where the admin tier (AdminNetworkPolicy) is not installed: it isolates the target in both directions");
        y.Comment(0, "but for the forensic sources. NetworkPolicies only add allowances: this one cannot take back what another");
        y.Comment(0, "NetworkPolicy already admits to or from the target; only the AdminNetworkPolicy (or removing that policy) can.");
        y.Comment(0, "Nor can it open the forensic sources' own egress: where their policies deny it, the forensic AdminNetworkPolicy does.");
        if (cannotOverride.Count == 0)
        {
            y.Comment(0, "In the inputs no other NetworkPolicy admits traffic to or from the target.");
        }
        else
        {
            y.Comment(0, "In the inputs these NetworkPolicies admit traffic to or from the target, and this one cannot override them:");
            foreach (var p in cannotOverride) y.Comment(0, $"- NetworkPolicy {p.Id} ({p.Span})");
        }
        y.Line(0, "apiVersion: networking.k8s.io/v1");
        y.Line(0, "kind: NetworkPolicy");
        Metadata(y, request, ObjectName(request.Target), target.Namespace);
        y.Line(0, "spec:");
        if (target.PodLabels is null)
        {
            y.Line(2, "podSelector: {}");
        }
        else
        {
            y.Line(2, "podSelector:");
            y.Map(4, "matchLabels", target.PodLabels);
        }
        y.Line(2, "policyTypes:");
        y.Line(4, "- Ingress");
        y.Line(4, "- Egress");
        if (allow.Count == 0)
        {
            y.Line(2, "ingress: []");
        }
        else
        {
            y.Line(2, "ingress:");
            y.Line(4, "- from:");
            foreach (var (source, scope) in allow) PolicyPeer(y, 8, source, scope);
        }
        if (allow.Count == 0 && !request.Dns)
        {
            y.Line(2, "egress: []");
            return y.ToString();
        }
        y.Line(2, "egress:");
        if (allow.Count > 0)
        {
            y.Line(4, "- to:");
            foreach (var (source, scope) in allow) PolicyPeer(y, 8, source, scope);
        }
        if (request.Dns)
        {
            y.Line(4, "- to:");
            foreach (var scope in dns) PolicyPeer(y, 8, null, scope);
            y.Line(6, "ports:");
            foreach (var protocol in new[] { "UDP", "TCP" })
            {
                y.Line(8, $"- protocol: {protocol}");
                y.Line(10, "port: 53");
            }
        }
        return y.ToString();
    }

    private static void Metadata(YamlText y, QuarantineRequest request, string name, string? ns)
    {
        y.Line(0, "metadata:");
        y.Line(2, $"name: {YamlText.Scalar(name)}");
        if (ns is not null) y.Line(2, $"namespace: {YamlText.Scalar(ns)}");
        y.Line(2, "labels:");
        y.Line(4, "app.kubernetes.io/managed-by: netpact");
        y.Line(4, $"netpact.io/quarantine: {YamlText.Scalar(Truncate(request.Target.Slug))}");
        y.Line(2, "annotations:");
        y.Line(4, $"{ReasonAnnotation}: {YamlText.Scalar(request.Reason)}");
        y.Line(4, $"{CreatedAnnotation}: {YamlText.Scalar(Created(request.Created))}");
        y.Line(4, $"{TargetAnnotation}: {YamlText.Scalar(request.Target.ToString())}");
    }

    /// <summary>A subject (pods or namespaces form) or a from/to entry of an AdminNetworkPolicy.</summary>
    private static void AdminSelector(YamlText y, int indent, QuarantineScope scope, bool asPeer)
    {
        var (first, rest) = asPeer ? ("- ", "  ") : ("", "");
        if (scope.PodLabels is null)
        {
            y.Line(indent, $"{first}namespaces:");
            y.Map(indent + 4 + rest.Length - 2, "matchLabels", [new(Namespace.NameLabel, scope.Namespace)]);
            return;
        }
        y.Line(indent, $"{first}pods:");
        var inner = indent + rest.Length + 2;
        y.Line(inner, "namespaceSelector:");
        y.Map(inner + 2, "matchLabels", [new(Namespace.NameLabel, scope.Namespace)]);
        y.Line(inner, "podSelector:");
        y.Map(inner + 2, "matchLabels", scope.PodLabels);
    }

    /// <summary>A from/to entry of a NetworkPolicy: an ipBlock, or pods of a namespace.</summary>
    private static void PolicyPeer(YamlText y, int indent, ForensicSource? source, QuarantineScope? scope)
    {
        if (source?.Network is { } cidr)
        {
            y.Line(indent, "- ipBlock:");
            y.Line(indent + 4, $"cidr: {YamlText.Scalar(cidr.ToString())}");
            return;
        }
        y.Line(indent, "- namespaceSelector:");
        y.Map(indent + 4, "matchLabels", [new(Namespace.NameLabel, scope!.Namespace)]);
        if (scope.PodLabels is not null)
        {
            y.Line(indent + 2, "podSelector:");
            y.Map(indent + 4, "matchLabels", scope.PodLabels);
        }
    }
}
