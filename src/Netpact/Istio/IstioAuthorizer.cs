using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Istio;

/// <summary>The TCP ports Istio lets one workload open on another, and the policies that let them through.</summary>
public sealed record IstioVerdict(PortSet Tcp, ImmutableArray<string> Reasons);

/// <summary>
/// Evaluates AuthorizationPolicies at L4 for a request from one mesh workload to another, as the
/// destination's sidecar does: DENY policies first (a match denies), then, if any ALLOW policy selects the
/// destination, the request must match one of their rules; no ALLOW policy allows it. A source presents its
/// principal only over mTLS: where the destination's mTLS mode is DISABLE it has none.
/// </summary>
public static class IstioAuthorizer
{
    private sealed record Identity(string? Principal, string? Namespace);

    public static IstioVerdict Evaluate(IstioConfig config, MeshWorkload source, MeshWorkload destination, string trustDomain)
    {
        var applicable = config.Policies
            .Where(p => (p.Namespace == destination.Namespace || p.Namespace == config.RootNamespace) && Selects(p.Selector, destination))
            .ToList();
        var known = Decide(applicable, new Identity(source.Principal(trustDomain), source.Namespace), destination);
        var disabled = DisabledPorts(config, destination);
        if (disabled.IsEmpty) return known;
        var anonymous = Decide(applicable, new Identity(null, null), destination);
        return new IstioVerdict(
            known.Tcp.Subtract(disabled).Union(anonymous.Tcp.Intersect(disabled)),
            [.. known.Reasons.Union(anonymous.Reasons)]);
    }

    private static bool Selects(ImmutableSortedDictionary<string, string>? selector, MeshWorkload w) =>
        selector is null || selector.All(l => w.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    private static IstioVerdict Decide(List<AuthorizationPolicy> policies, Identity source, MeshWorkload destination)
    {
        var denied = PortSet.Empty;
        foreach (var p in policies.Where(p => p.Action == AuthorizationAction.Deny))
        {
            foreach (var rule in p.Rules) denied = denied.Union(Match(rule, source, deny: true));
        }
        var allowPolicies = policies.Where(p => p.Action == AuthorizationAction.Allow).ToList();
        if (allowPolicies.Count == 0)
        {
            return new IstioVerdict(PortSet.All.Subtract(denied),
                [$"no ALLOW AuthorizationPolicy selects {destination.Name}: Istio allows every TCP port not denied"]);
        }
        var allowed = PortSet.Empty;
        var reasons = ImmutableArray.CreateBuilder<string>();
        foreach (var p in allowPolicies)
        {
            for (var i = 0; i < p.Rules.Length; i++)
            {
                var ports = Match(p.Rules[i], source, deny: false).Subtract(denied);
                if (ports.IsEmpty) continue;
                allowed = allowed.Union(ports);
                reasons.Add($"AuthorizationPolicy {p.Id} rule {i + 1} ({p.Rules[i].Span.File}:{p.Rules[i].Span.Line})");
            }
        }
        return new IstioVerdict(allowed, reasons.ToImmutable());
    }

    /// <summary>
    /// The ports a rule matches for this source. HTTP-only fields cannot be checked on TCP: Istio then never
    /// matches an ALLOW rule, and matches a DENY rule as if the fields were absent.
    /// </summary>
    private static PortSet Match(AuthorizationRule rule, Identity source, bool deny)
    {
        if (!deny && rule.HasHttpOnlyFields) return PortSet.Empty;
        if (!rule.From.IsEmpty && !rule.From.Any(s => Matches(s, source))) return PortSet.Empty;
        if (rule.To.IsEmpty) return PortSet.All;
        return rule.To.Aggregate(PortSet.Empty, (acc, op) => acc.Union((op.Ports ?? PortSet.All).Subtract(op.NotPorts)));
    }

    private static bool Matches(RuleSource s, Identity id) =>
        (s.Principals.IsEmpty || (id.Principal is { } p && s.Principals.Any(pattern => Glob(pattern, p))))
        && (s.NotPrincipals.IsEmpty || id.Principal is not { } np || !s.NotPrincipals.Any(pattern => Glob(pattern, np)))
        && (s.Namespaces.IsEmpty || (id.Namespace is { } n && s.Namespaces.Any(pattern => Glob(pattern, n))))
        && (s.NotNamespaces.IsEmpty || id.Namespace is not { } nn || !s.NotNamespaces.Any(pattern => Glob(pattern, nn)))
        // A workload's address is some pod IP: only a block of the whole address space surely holds it.
        && (s.IpBlocks.IsEmpty || s.IpBlocks.Any(c => c.PrefixLength == 0))
        && !s.NotIpBlocks.Any(c => c.PrefixLength == 0);

    /// <summary>Istio's string match: exact, "*" (any non-empty), "prefix*" or "*suffix".</summary>
    private static bool Glob(string pattern, string value) =>
        pattern == "*" ? value.Length > 0
        : pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal)
        : pattern.StartsWith('*') ? value.EndsWith(pattern[1..], StringComparison.Ordinal)
        : pattern == value;

    /// <summary>
    /// The destination's ports where mTLS is DISABLE: the workload's own PeerAuthentication (with its port
    /// exceptions), else its namespace's, else the mesh's; Istio's default is PERMISSIVE.
    /// </summary>
    private static PortSet DisabledPorts(IstioConfig config, MeshWorkload destination)
    {
        var own = config.PeerAuthentications
            .Where(p => p.Namespace == destination.Namespace && p.Selector is not null && Selects(p.Selector, destination))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var ns = config.PeerAuthentications.FirstOrDefault(p => p.Namespace == destination.Namespace && p.Selector is null);
        var mesh = config.PeerAuthentications.FirstOrDefault(p => p.Namespace == config.RootNamespace && p.Selector is null);
        var mode = new[] { own?.Mode, ns?.Mode, mesh?.Mode }.FirstOrDefault(m => m is not null and not MtlsMode.Unset) ?? MtlsMode.Permissive;
        var disabled = mode == MtlsMode.Disable ? PortSet.All : PortSet.Empty;
        foreach (var (port, portMode) in own?.PortModes ?? ImmutableSortedDictionary<int, MtlsMode>.Empty)
        {
            if (portMode == MtlsMode.Unset) continue;
            disabled = portMode == MtlsMode.Disable ? disabled.Union(PortSet.Single(port)) : disabled.Subtract(PortSet.Single(port));
        }
        return disabled;
    }
}
