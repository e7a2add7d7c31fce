using Netpact.Istio;

namespace Netpact.Lint.Rules;

/// <summary>ZT020: Istio mTLS not STRICT (a PeerAuthentication in PERMISSIVE or DISABLE, or a namespace left to the PERMISSIVE default).</summary>
internal sealed class MtlsNotStrictRule() : LintRule(
    "ZT020",
    "istio-mtls-not-strict",
    LintSeverity.Error,
    "Istio PeerAuthentication not STRICT",
    "Zero trust authenticates every connection. In PERMISSIVE mode a sidecar also accepts plain text, so any pod " +
    "without a sidecar, or an attacker on the pod network, connects unauthenticated and unencrypted, and " +
    "AuthorizationPolicies on principals no longer hold; DISABLE turns mTLS off. Istio's default, without a " +
    "PeerAuthentication, is PERMISSIVE.",
    "Set 'mtls: {mode: STRICT}' in a PeerAuthentication of the root namespace (istio-system) for the whole mesh, or in " +
    "each namespace, and remove PERMISSIVE or DISABLE overrides, port-level ones included.",
    Compliance.Soc2Cc66, Compliance.Soc2Cc67, Compliance.Pci421, Compliance.Hipaa312E1)
{
    public override string Layer => "Istio";

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        var istio = context.Istio;
        foreach (var pa in istio.PeerAuthentications)
        {
            var subject = new ObjectRef("PeerAuthentication", pa.Namespace, pa.Name);
            var scope = pa.Selector is not null ? "the workloads it selects"
                : pa.Namespace == istio.RootNamespace ? "the whole mesh" : $"namespace {pa.Namespace}";
            if (pa.Mode is MtlsMode.Permissive or MtlsMode.Disable)
            {
                yield return Found($"PeerAuthentication {pa.Namespace}/{pa.Name} sets mTLS {pa.Mode.ToString().ToUpperInvariant()} for {scope}: " +
                                   "plain-text connections are accepted", pa.Span, $"{pa.Namespace}/{pa.Name}", subjects: [subject]);
            }
            // PERMISSIVE on one port of selected workloads is Istio's way to admit clients outside the mesh (an edge
            // service's public port, kubelet probes) without opening the rest; DISABLE there, or any wider scope, is not.
            var narrow = pa.Selector is not null;
            foreach (var (port, mode) in pa.PortModes.Where(p => p.Value is MtlsMode.Disable || (p.Value is MtlsMode.Permissive && !narrow)))
            {
                yield return Found($"PeerAuthentication {pa.Namespace}/{pa.Name} sets mTLS {mode.ToString().ToUpperInvariant()} on port {port} for {scope}",
                    pa.Span, $"{pa.Namespace}/{pa.Name}|{port}", subjects: [subject]);
            }
        }
        // Namespaces the Istio input governs with AuthorizationPolicies but whose mTLS nobody sets: PERMISSIVE by default.
        // A mesh-wide mode, STRICT or not (reported above), is what such namespaces inherit.
        if (istio.PeerAuthentications.Any(p => p.Namespace == istio.RootNamespace && p.Selector is null && p.Mode != MtlsMode.Unset)) yield break;
        foreach (var group in istio.Policies.Where(p => p.Namespace != istio.RootNamespace).GroupBy(p => p.Namespace).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (istio.PeerAuthentications.Any(p => p.Namespace == group.Key && p.Selector is null && p.Mode != MtlsMode.Unset)) continue;
            var first = group.First();
            yield return Found(
                $"namespace {group.Key} has AuthorizationPolicies but no PeerAuthentication sets its mTLS mode, nor one in " +
                $"{istio.RootNamespace} for the mesh: it is PERMISSIVE, Istio's default",
                first.Span, $"{group.Key}|default", subjects: [ObjectRef.OfNamespace(group.Key), new ObjectRef("AuthorizationPolicy", first.Namespace, first.Name)]);
        }
    }
}
