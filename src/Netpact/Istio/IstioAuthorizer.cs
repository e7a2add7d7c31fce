using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Istio;

/// <summary>
/// The TCP ports Istio lets one workload open on another, and the policies that let them through. Approximate: the
/// ports among them where Istio decides by HTTP request fields (methods, paths, headers, request principals, when
/// conditions), so only some requests pass; netpact counts such a port open, and names why in <see cref="Caveats"/>.
/// </summary>
public sealed record IstioVerdict(PortSet Tcp, ImmutableArray<string> Reasons)
{
    public PortSet Approximate { get; init; } = PortSet.Empty;

    public ImmutableArray<string> Caveats { get; init; } = [];
}

/// <summary>
/// Evaluates AuthorizationPolicies at L4 for a request from one mesh workload to another, as the
/// destination's sidecar does: DENY policies first (a match denies), then, if any ALLOW policy selects the
/// destination, the request must match one of their rules; no ALLOW policy allows it. A source presents its
/// principal only over mTLS: where the destination's mTLS mode is DISABLE it has none.
/// </summary>
public static class IstioAuthorizer
{
    /// <summary>Who calls: a principal and namespace over mTLS (else null), and the address range it calls from when known.</summary>
    private sealed record Identity(string? Principal, string? Namespace, IpRange? Address = null);

    private static List<AuthorizationPolicy> Applicable(IstioConfig config, MeshWorkload destination) =>
        [.. config.Policies.Where(p => (p.Namespace == destination.Namespace || p.Namespace == config.RootNamespace) && Selects(p.Selector, destination))];

    /// <summary>
    /// What a caller without a sidecar (a workload outside the mesh, or an address outside the cluster, when
    /// <paramref name="from"/> is given) may open on a mesh workload: plaintext, so it has no principal and no
    /// namespace; ports whose mTLS mode is STRICT refuse it.
    /// </summary>
    public static IstioVerdict EvaluatePlaintext(IstioConfig config, MeshWorkload destination, IpRange? from)
    {
        var strict = PortsIn(config, destination, MtlsMode.Strict);
        var verdict = Decide(Applicable(config, destination), new Identity(null, null, from), destination);
        if (strict.IsEmpty) return verdict;
        var refused = $"PeerAuthentication STRICT on {destination.Name}: Istio refuses plaintext on " +
                      (strict.Equals(PortSet.All) ? "every port" : $"ports {strict}");
        return verdict with
        {
            Tcp = verdict.Tcp.Subtract(strict),
            Approximate = verdict.Approximate.Subtract(strict),
            Reasons = [.. verdict.Reasons, refused],
        };
    }

    public static IstioVerdict Evaluate(IstioConfig config, MeshWorkload source, MeshWorkload destination, string trustDomain)
    {
        var applicable = Applicable(config, destination);
        var known = Decide(applicable, new Identity(source.Principal(trustDomain), source.Namespace, source.Address), destination);
        var disabled = PortsIn(config, destination, MtlsMode.Disable);
        if (disabled.IsEmpty) return known;
        var anonymous = Decide(applicable, new Identity(null, null, source.Address), destination);
        return new IstioVerdict(
            known.Tcp.Subtract(disabled).Union(anonymous.Tcp.Intersect(disabled)),
            [.. known.Reasons.Union(anonymous.Reasons)])
        {
            Approximate = known.Approximate.Subtract(disabled).Union(anonymous.Approximate.Intersect(disabled)),
            Caveats = [.. known.Caveats.Union(anonymous.Caveats)],
        };
    }

    private static bool Selects(ImmutableSortedDictionary<string, string>? selector, MeshWorkload w) =>
        selector is null || selector.All(l => w.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    private static IstioVerdict Decide(List<AuthorizationPolicy> policies, Identity source, MeshWorkload destination)
    {
        // Ports where Istio may see HTTP: a rule's request fields decide there, request by request.
        var httpPossible = PortSet.All.Subtract(destination.TcpPorts);
        var denied = PortSet.Empty;
        var partlyDenied = PortSet.Empty;
        var caveats = ImmutableArray.CreateBuilder<string>();
        var denials = ImmutableArray.CreateBuilder<string>();
        foreach (var p in policies.Where(p => p.Action == AuthorizationAction.Deny))
        {
            for (var i = 0; i < p.Rules.Length; i++)
            {
                var rule = p.Rules[i];
                var ports = Match(rule, source, deny: true);
                // On opaque TCP Istio ignores the request fields and denies; where HTTP is possible it denies some requests only.
                var whole = rule.HasHttpOnlyFields ? ports.Intersect(destination.TcpPorts) : ports;
                if (!whole.IsEmpty) denials.Add($"AuthorizationPolicy {p.Id} rule {i + 1} ({rule.Span.File}:{rule.Span.Line}) denies {(whole.Equals(PortSet.All) ? "every TCP port" : $"TCP {whole}")}");
                denied = denied.Union(whole);
                if (!rule.HasHttpOnlyFields) continue;
                var some = ports.Intersect(httpPossible);
                if (some.IsEmpty) continue;
                partlyDenied = partlyDenied.Union(some);
                caveats.Add($"AuthorizationPolicy {p.Id} rule {i + 1} ({rule.Span.File}:{rule.Span.Line}) denies only some requests (by HTTP fields) on {Describe(some, httpPossible)}; netpact counts them open");
            }
        }
        var allowPolicies = policies.Where(p => p.Action == AuthorizationAction.Allow).ToList();
        if (allowPolicies.Count == 0)
        {
            var open = PortSet.All.Subtract(denied);
            return new IstioVerdict(open,
                [.. denials, $"no ALLOW AuthorizationPolicy selects {destination.Name}: Istio allows every TCP port not denied"])
            { Approximate = partlyDenied.Intersect(open), Caveats = caveats.ToImmutable() };
        }
        var allowed = PortSet.Empty;
        var approximate = PortSet.Empty;
        var reasons = ImmutableArray.CreateBuilder<string>();
        foreach (var p in allowPolicies)
        {
            for (var i = 0; i < p.Rules.Length; i++)
            {
                var rule = p.Rules[i];
                var ports = Match(rule, source, deny: false).Subtract(denied);
                // On opaque TCP an ALLOW rule with request fields matches nothing; where HTTP is possible it allows some requests.
                if (rule.HasHttpOnlyFields) ports = ports.Intersect(httpPossible);
                if (ports.IsEmpty) continue;
                allowed = allowed.Union(ports);
                reasons.Add($"AuthorizationPolicy {p.Id} rule {i + 1} ({rule.Span.File}:{rule.Span.Line})");
                if (source.Address is null && rule.From.Any(f => f.IpBlocks.Any(c => c.PrefixLength != 0)))
                {
                    // A workload's address is some pod IP: whether the block holds it is not known here.
                    approximate = approximate.Union(ports);
                    caveats.Add($"AuthorizationPolicy {p.Id} rule {i + 1} ({rule.Span.File}:{rule.Span.Line}) admits source addresses (ipBlocks); the caller's pod addresses are not known, so netpact counts it admitted");
                }
                else if (source.Address is { } range && rule.From.Any(f => f.IpBlocks.Any(c => range.Overlaps(c) && !range.Within(c))))
                {
                    // The external range is cut at NetworkPolicy's blocks, not Istio's: part of it is admitted.
                    approximate = approximate.Union(ports);
                    caveats.Add($"AuthorizationPolicy {p.Id} rule {i + 1} ({rule.Span.File}:{rule.Span.Line}) admits part of {range} (ipBlocks); netpact counts the whole range admitted");
                }
                if (!rule.HasHttpOnlyFields) continue;
                approximate = approximate.Union(ports);
                caveats.Add($"AuthorizationPolicy {p.Id} rule {i + 1} ({rule.Span.File}:{rule.Span.Line}) allows only some requests (by HTTP fields) on {Describe(ports, httpPossible)}; netpact counts them open");
            }
        }
        if (!allowed.Equals(PortSet.All))
        {
            // Istio's rule: with ALLOW policies on the workload, a request none of their rules matches is denied.
            reasons.Add($"ALLOW AuthorizationPolicies select {destination.Name} ({string.Join(", ", allowPolicies.Select(p => p.Id))}): " +
                        $"{(allowed.IsEmpty ? "no rule matches this caller" : "no rule matches the rest of TCP")}, so Istio denies {(allowed.IsEmpty ? "every TCP port" : "it")}");
        }
        return new IstioVerdict(allowed, [.. denials, .. reasons])
        {
            Approximate = approximate.Union(partlyDenied.Intersect(allowed)),
            Caveats = caveats.ToImmutable(),
        };
    }

    private static string Describe(PortSet ports, PortSet httpPossible) => ports.Equals(httpPossible) ? "every port where HTTP is possible" : $"ports {ports}";

    /// <summary>
    /// The ports a rule matches for this source, its request fields aside (the caller decides what they mean). Where
    /// the source's address is not known exactly, an ALLOW rule is taken to match and a DENY rule not to (the answer
    /// that never says blocked when Istio may allow).
    /// </summary>
    private static PortSet Match(AuthorizationRule rule, Identity source, bool deny)
    {
        if (!rule.From.IsEmpty && !rule.From.Any(s => Matches(s, source, deny))) return PortSet.Empty;
        if (rule.To.IsEmpty) return PortSet.All;
        return rule.To.Aggregate(PortSet.Empty, (acc, op) => acc.Union((op.Ports ?? PortSet.All).Subtract(op.NotPorts)));
    }

    private static bool Matches(RuleSource s, Identity id, bool deny) =>
        (s.Principals.IsEmpty || (id.Principal is { } p && s.Principals.Any(pattern => Glob(pattern, p))))
        && (s.NotPrincipals.IsEmpty || id.Principal is not { } np || !s.NotPrincipals.Any(pattern => Glob(pattern, np)))
        && (s.Namespaces.IsEmpty || (id.Namespace is { } n && s.Namespaces.Any(pattern => Glob(pattern, n))))
        && (s.NotNamespaces.IsEmpty || id.Namespace is not { } nn || !s.NotNamespaces.Any(pattern => Glob(pattern, nn)))
        && (s.IpBlocks.IsEmpty || s.IpBlocks.Any(c => Holds(c, id.Address, deny)))
        && !s.NotIpBlocks.Any(c => Holds(c, id.Address, !deny));

    /// <summary>
    /// Whether a block holds the caller's address. Surely: the whole address space, or a known range within the block.
    /// Possibly (taken as yes when <paramref name="surely"/> is false): an unknown address (a workload's is some pod
    /// IP), or a known range that overlaps the block.
    /// </summary>
    private static bool Holds(Cidr block, IpRange? address, bool surely) =>
        block.PrefixLength == 0 && (address is null || address.IsV6 == block.IsV6)
        || (address is null ? !surely : surely ? address.Within(block) : address.Overlaps(block));

    /// <summary>Istio's string match: exact, "*" (any non-empty), "prefix*" or "*suffix".</summary>
    private static bool Glob(string pattern, string value) =>
        pattern == "*" ? value.Length > 0
        : pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal)
        : pattern.StartsWith('*') ? value.EndsWith(pattern[1..], StringComparison.Ordinal)
        : pattern == value;

    /// <summary>
    /// The destination's ports in one mTLS mode: the workload's own PeerAuthentication (with its port exceptions),
    /// else its namespace's, else the mesh's; Istio's default is PERMISSIVE.
    /// </summary>
    private static PortSet PortsIn(IstioConfig config, MeshWorkload destination, MtlsMode wanted)
    {
        var own = config.PeerAuthentications
            .Where(p => p.Namespace == destination.Namespace && p.Selector is not null && Selects(p.Selector, destination))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var ns = config.PeerAuthentications.FirstOrDefault(p => p.Namespace == destination.Namespace && p.Selector is null);
        var mesh = config.PeerAuthentications.FirstOrDefault(p => p.Namespace == config.RootNamespace && p.Selector is null);
        var mode = new[] { own?.Mode, ns?.Mode, mesh?.Mode }.FirstOrDefault(m => m is not null and not MtlsMode.Unset) ?? MtlsMode.Permissive;
        var result = mode == wanted ? PortSet.All : PortSet.Empty;
        foreach (var (port, portMode) in own?.PortModes ?? ImmutableSortedDictionary<int, MtlsMode>.Empty)
        {
            if (portMode == MtlsMode.Unset) continue;
            result = portMode == wanted ? result.Union(PortSet.Single(port)) : result.Subtract(PortSet.Single(port));
        }
        return result;
    }
}
