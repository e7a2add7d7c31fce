using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Lint;

/// <summary>
/// What rules share: the input, the computed connectivity (computed once, on first use), and the questions
/// rules ask of the model (which pods a policy selects, which a peer admits, which workloads are resolvers).
/// </summary>
internal sealed class LintContext
{
    /// <summary>
    /// Labels that name a workload's role; two workloads with the same value play the same role. Not tier: tiers
    /// (application, data) group workloads that legitimately call each other.
    /// </summary>
    public static readonly ImmutableArray<string> RoleLabels = ["app.kubernetes.io/component", "component", "role"];

    private readonly Lazy<Connectivity> _connectivity;
    private readonly Lazy<ImmutableArray<Workload>> _resolvers;
    // Indexes by namespace, in input order within each: rules ask per namespace, and scanning everything per
    // policy or peer is quadratic at cluster scale.
    private readonly ILookup<string, Workload> _workloadsByNamespace;
    private readonly ILookup<string, NetworkPolicy> _policiesByNamespace;
    private readonly Dictionary<Workload, int> _position;

    public LintContext(LintInput input)
    {
        Cluster = input.Cluster;
        Facts = input.Facts;
        Config = input.Config;
        Istio = input.Istio;
        Compose = input.Compose;
        SecurityGroups = input.SecurityGroups;
        _connectivity = new Lazy<Connectivity>(() => input.Connectivity ?? ConnectivityEngine.Analyze(Cluster));
        _resolvers = new Lazy<ImmutableArray<Workload>>(() => [.. Cluster.Workloads.Where(IsResolver)]);
        _workloadsByNamespace = Cluster.Workloads.ToLookup(w => w.Namespace, StringComparer.Ordinal);
        _policiesByNamespace = Cluster.Policies.ToLookup(p => p.Namespace, StringComparer.Ordinal);
        _position = new Dictionary<Workload, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < Cluster.Workloads.Length; i++) _position[Cluster.Workloads[i]] = i;
        KnownNamespaces = [.. Cluster.Namespaces.Select(n => n.Name)
            .Concat(Cluster.Workloads.Select(w => w.Namespace))
            .Concat(Cluster.Policies.Select(p => p.Namespace))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(Cluster.Namespace)];
        var known = RuleCatalog.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var suppressions = new List<Suppression>(Config.Ignores);
        var problems = new List<SuppressionProblem>(Config.Problems);
        foreach (var (target, annotations) in Facts.Annotations)
        {
            foreach (var a in annotations.Where(a => a.Key == SourceFacts.IgnoreAnnotation))
            {
                var messages = new List<string>();
                suppressions.AddRange(Suppression.Parse(a.Value, a.Span, target, inSource: true, known, messages));
                problems.AddRange(messages.Select(m => new SuppressionProblem(a.Span, m)));
            }
        }
        Suppressions = [.. suppressions];
        SuppressionProblems = [.. problems];
    }

    /// <summary>Every suppression: the config file's, then the annotations'.</summary>
    public ImmutableArray<Suppression> Suppressions { get; }

    /// <summary>Suppressions that cannot be honoured as written.</summary>
    public ImmutableArray<SuppressionProblem> SuppressionProblems { get; }

    public Cluster Cluster { get; }

    public SourceFacts Facts { get; }

    public LintConfig Config { get; }

    public Istio.IstioConfig Istio { get; }

    public ImmutableArray<Compose.ComposeProject> Compose { get; }

    public ImmutableArray<Cloud.SecurityGroup> SecurityGroups { get; }

    public Connectivity Connectivity => _connectivity.Value;

    /// <summary>Namespaces the input declares or uses, in name order; undeclared ones carry only their name label.</summary>
    public ImmutableArray<Namespace> KnownNamespaces { get; }

    /// <summary>Whether namespace labels are known: only then can a namespaceSelector be said to match nothing.</summary>
    public bool DeclaresNamespaces => !Cluster.Namespaces.IsEmpty;

    /// <summary>The cluster DNS resolvers: CoreDNS / kube-dns by their usual labels, or what serves port 53 in kube-system.</summary>
    public ImmutableArray<Workload> Resolvers => _resolvers.Value;

    public IEnumerable<Workload> WorkloadsIn(string ns) => _workloadsByNamespace[ns];

    public static bool Selects(NetworkPolicy policy, Workload workload, Pod pod) =>
        policy.Namespace == workload.Namespace && policy.PodSelector.Matches(pod.Labels);

    public IEnumerable<Workload> SelectedBy(NetworkPolicy policy) =>
        WorkloadsIn(policy.Namespace).Where(w => w.Pods.Any(p => policy.PodSelector.Matches(p.Labels)));

    /// <summary>The policies that isolate this pod in this direction.</summary>
    public IEnumerable<NetworkPolicy> Isolating(Workload workload, Pod pod, Direction direction) =>
        _policiesByNamespace[workload.Namespace].Where(p => p.Affects(direction) && Selects(p, workload, pod));

    /// <summary>Whether a selector peer of the policy admits the pod (ipBlocks admit no pod).</summary>
    public bool Admits(NetworkPolicy policy, PolicyPeer peer, Workload workload, Pod pod)
    {
        if (peer.IpBlock is not null) return false;
        var nsOk = peer.NamespaceSelector is { } nss
            ? nss.Matches(Cluster.Namespace(workload.Namespace).Labels)
            : workload.Namespace == policy.Namespace;
        return nsOk && (peer.PodSelector ?? LabelSelector.Everything).Matches(pod.Labels);
    }

    public bool Admits(NetworkPolicy policy, PolicyRule rule, Workload workload, Pod pod) =>
        rule.AdmitsAllPeers || rule.Peers!.Value.Any(peer => Admits(policy, peer, workload, pod));

    /// <summary>The known namespaces a selector peer reaches into.</summary>
    public IEnumerable<Namespace> NamespacesOf(NetworkPolicy policy, PolicyPeer peer) =>
        peer.NamespaceSelector is { } nss
            ? KnownNamespaces.Where(n => nss.Matches(n.Labels))
            : [Cluster.Namespace(policy.Namespace)];

    /// <summary>The workloads with a pod the peer admits.</summary>
    public IEnumerable<Workload> AdmittedBy(NetworkPolicy policy, PolicyPeer peer) =>
        peer.IpBlock is not null ? [] : WorkloadsIn(NamespacesOf(policy, peer)).Where(w => w.Pods.Any(p => Admits(policy, peer, w, p)));

    /// <summary>
    /// The workloads, in input order, that may hold a pod the rule admits: every workload for a rule without peers,
    /// else those of the namespaces its selector peers reach into.
    /// </summary>
    public IEnumerable<Workload> Candidates(NetworkPolicy policy, PolicyRule rule) =>
        rule.AdmitsAllPeers ? Cluster.Workloads
        : WorkloadsIn(rule.Peers!.Value.Where(p => p.IpBlock is null).SelectMany(p => NamespacesOf(policy, p)));

    /// <summary>The workloads of these namespaces (each counted once), in input order.</summary>
    private IEnumerable<Workload> WorkloadsIn(IEnumerable<Namespace> namespaces) =>
        namespaces.DistinctBy(n => n.Name, StringComparer.Ordinal).SelectMany(n => WorkloadsIn(n.Name)).OrderBy(w => _position[w]);

    /// <summary>Whether every pod of the workload is isolated in the direction.</summary>
    public bool IsIsolated(Workload workload, Direction direction) =>
        workload.Pods.All(p => Isolating(workload, p, direction).Any() || CiliumIsolates(workload, p, direction));

    /// <summary>Whether a Cilium policy puts the pod into default deny in this direction (docs/cilium.md).</summary>
    public bool CiliumIsolates(Workload workload, Pod pod, Direction direction) =>
        Cluster.CiliumPolicies.Any(p => p.DefaultDeny(direction) && p.Subject.Matches(Cluster.Namespace(workload.Namespace), pod));

    /// <summary>Declared clients of a workload (annotation netpact.io/clients or the config file); empty when none are declared.</summary>
    public ImmutableArray<string> ClientsOf(Workload workload)
    {
        var declared = new List<string>();
        foreach (var a in Facts.AnnotationsOf(new ObjectRef(workload.Kind, workload.Namespace, workload.Name)))
        {
            if (a.Key == SourceFacts.ClientsAnnotation) declared.AddRange(SplitList(a.Value));
        }
        foreach (var (target, clients) in Config.Clients)
        {
            if (Matches(target, workload)) declared.AddRange(clients);
        }
        return [.. declared.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether a workload reference (NS/NAME, NAME, or NS/NAME[Kind]) names this workload.</summary>
    public static bool Matches(string reference, Workload workload) =>
        reference == workload.Id || reference == $"{workload.Namespace}/{workload.Name}" || reference == workload.Name;

    public static IEnumerable<string> SplitList(string text) =>
        text.Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static readonly HashSet<string> ResolverNames = ["kube-dns", "coredns"];

    private static bool IsResolver(Workload workload) => workload.Pods.Any(p =>
        (p.Labels.TryGetValue("k8s-app", out var app) && ResolverNames.Contains(app))
        || (p.Labels.TryGetValue("app.kubernetes.io/name", out var name) && ResolverNames.Contains(name))
        || (workload.Namespace == "kube-system" && p.Ports.Any(port => port.Port == 53)));

    /// <summary>"ingress rule 2 of ns/name": how findings name a rule (1-based, as people count).</summary>
    public static string Describe(NetworkPolicy policy, Direction direction, int index) =>
        $"{(direction == Direction.Ingress ? "ingress" : "egress")} rule {index + 1} of {policy.Id}";

    public static string Describe(ImmutableArray<PolicyPort> ports) =>
        ports.IsEmpty ? "every port" : string.Join(", ", ports.Select(p => p.ToString()));

    public static string Describe(PolicyPeer peer) =>
        peer.IpBlock is { } block
            ? $"ipBlock {block.Cidr}{(block.Except.IsEmpty ? "" : $" except {string.Join(", ", block.Except)}")}"
            : string.Join(" and ", new[]
            {
                peer.NamespaceSelector is { } ns ? $"namespaceSelector {ns}" : null,
                peer.PodSelector is { } pods ? $"podSelector {pods}" : null,
            }.Where(s => s is not null));

    /// <summary>Every (policy, direction, index, rule) of the policies, in input order, for the directions each policy affects.</summary>
    public IEnumerable<(NetworkPolicy Policy, Direction Direction, int Index, PolicyRule Rule)> Rules()
    {
        foreach (var policy in Cluster.Policies)
        {
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                if (!policy.Affects(direction)) continue;
                var rules = policy.Rules(direction);
                for (var i = 0; i < rules.Length; i++) yield return (policy, direction, i, rules[i]);
            }
        }
    }

    /// <summary>Where a namespace finding points: the Namespace object, else the first workload or policy in it.</summary>
    public SourceSpan SpanOf(string ns) =>
        Cluster.Namespaces.FirstOrDefault(n => n.Name == ns)?.Span
        ?? WorkloadsIn(ns).FirstOrDefault()?.Span
        ?? Cluster.Policies.FirstOrDefault(p => p.Namespace == ns)?.Span
        ?? SourceSpan.None;
}
