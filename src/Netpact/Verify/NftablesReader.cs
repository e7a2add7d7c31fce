using System.Collections.Immutable;
using Netpact.Compilers;
using Netpact.Compilers.Nftables;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Sources.Nftables;

namespace Netpact.Verify;

/// <summary>
/// Reads host rulesets ('WORKLOAD.nft', one per host, named after the intent workload it protects) into the
/// flows they allow. A connection from A to B passes when A's output and B's input both let its first packet
/// through. Workloads are at the addresses of the sets 'workload.NAME' (or of the given plan); a host without a
/// ruleset does not filter. Outside addresses are cut into pieces at every address the rules name, and each
/// piece is evaluated against each host, both ways.
/// </summary>
internal sealed class NftablesReader
{
    private readonly Intent _intent;
    private readonly Dictionary<string, NftRuleset> _hosts;
    private readonly Dictionary<string, IpRange> _where;
    private readonly Func<string, bool> _isWorkloadSet;
    private readonly NftEvaluator _evaluator;
    private readonly List<Diagnostic> _diagnostics;

    private NftablesReader(Intent intent, Dictionary<string, NftRuleset> hosts, IReadOnlyDictionary<string, IpRange>? addresses, List<Diagnostic> diagnostics)
    {
        _intent = intent;
        _hosts = hosts;
        _diagnostics = diagnostics;
        var workloadSets = intent.Workloads.ToDictionary(w => NftablesCompiler.SetOf(w.Name), w => w.Name, StringComparer.Ordinal);
        _where = Addresses(intent, hosts, addresses, workloadSets, diagnostics);
        _isWorkloadSet = name => workloadSets.ContainsKey(name) || name is NftablesCompiler.AllWorkloadsV4 or NftablesCompiler.AllWorkloadsV6;
        IReadOnlyList<IpRange>? Override(string name) =>
            addresses is null ? null
            : workloadSets.TryGetValue(name, out var w) ? [_where[w]]
            : name == NftablesCompiler.AllWorkloadsV4 ? [.. _where.Values.Where(a => !a.IsV6)]
            : name == NftablesCompiler.AllWorkloadsV6 ? [.. _where.Values.Where(a => a.IsV6)]
            : null;
        _evaluator = new NftEvaluator(_isWorkloadSet, Override);
    }

    /// <summary>Parses every ruleset (WORKLOAD.nft) and places the workloads; <paramref name="addresses"/> replaces what their sets hold.</summary>
    public static NftablesReader Parse(IReadOnlyList<TextFile> files, Intent intent, IReadOnlyDictionary<string, IpRange>? addresses)
    {
        var diagnostics = new List<Diagnostic>();
        var hosts = new Dictionary<string, NftRuleset>(StringComparer.Ordinal);
        var rulesets = files.Where(f => f.Path.EndsWith(".nft", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (rulesets.Count == 0)
            diagnostics.Add(Diagnostic.Error(new SourceSpan(files.FirstOrDefault()?.Path ?? "", 0, 0), "no nftables ruleset to read: name each host's ruleset WORKLOAD.nft"));
        foreach (var file in rulesets)
        {
            var host = Path.GetFileNameWithoutExtension(file.Path.Replace('\\', '/').Split('/')[^1]);
            if (intent.Workload(host) is null)
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(file.Path, 1, 1),
                    $"'{Path.GetFileName(file.Path)}' names no workload of intent '{intent.Name}'; name each host's ruleset after its workload, e.g. {intent.Workloads.FirstOrDefault()?.Name ?? "web"}.nft"));
                continue;
            }
            if (!hosts.TryGetValue(host, out var ruleset)) hosts[host] = ruleset = new NftRuleset();
            NftParser.Parse(file.Content, file.Path, ruleset, diagnostics);
        }
        foreach (var (host, ruleset) in hosts) Check(host, ruleset, diagnostics);
        foreach (var w in intent.Workloads.Where(w => !hosts.ContainsKey(w.Name)))
        {
            if (rulesets.Count > 0)
                diagnostics.Add(Diagnostic.Warning(new SourceSpan(Path.GetDirectoryName(rulesets[0].Path) ?? "", 0, 0),
                    $"no ruleset for workload '{w.Name}' ({w.Name}.nft): its host is taken to filter nothing"));
        }
        return new NftablesReader(intent, hosts, addresses, diagnostics);
    }

    public static LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent, IReadOnlyDictionary<string, IpRange>? addresses) =>
        Parse(files, intent, addresses).Flows();

    private (ConnectionSet, List<NftAcceptance>) Through(string workload, string[] hooks, NftPacket packet) =>
        _hosts.TryGetValue(workload, out var ruleset)
            ? _evaluator.Evaluate(ruleset, hooks, packet, workload)
            : (ConnectionSet.All, [new NftAcceptance($"no ruleset for '{workload}': its host filters nothing", ConnectionSet.All)]);

    /// <summary>
    /// What the source's output and the destination's input each let through, for a connection between two
    /// workloads or between a workload and an outside address (the outside filters nothing).
    /// </summary>
    public (ConnectionSet Output, ConnectionSet Input) Sides(FlowPeer source, FlowPeer destination)
    {
        var from = source.Workload is { } s ? _where[s] : source.Range!;
        var to = destination.Workload is { } d ? _where[d] : destination.Range!;
        if (from.IsV6 != to.IsV6) return (ConnectionSet.Empty, ConnectionSet.Empty);
        var packet = new NftPacket(from.IsV6, from.First, to.First, source.IsExternal, destination.IsExternal);
        var output = source.Workload is { } a ? Through(a, NftEvaluator.Outbound, packet).Item1 : ConnectionSet.All;
        var input = destination.Workload is { } b ? Through(b, NftEvaluator.Inbound, packet).Item1 : ConnectionSet.All;
        return (output, input);
    }

    public LayerFlows Flows()
    {
        var matrix = new FlowMatrix();
        foreach (var a in _intent.Workloads)
        {
            foreach (var b in _intent.Workloads.Where(b => b != a))
            {
                var (from, to) = (_where[a.Name], _where[b.Name]);
                if (from.IsV6 != to.IsV6) continue;
                var packet = new NftPacket(from.IsV6, from.First, to.First, false, false);
                var (outbound, outReasons) = Through(a.Name, NftEvaluator.Outbound, packet);
                var (inbound, inReasons) = Through(b.Name, NftEvaluator.Inbound, packet);
                Add(matrix, FlowPeer.Of(a.Name), FlowPeer.Of(b.Name), outbound.Intersect(inbound), outReasons.Concat(inReasons));
            }
        }

        foreach (var v6 in new[] { false, true })
        {
            var pieces = IpRange.Pieces(OutsideEdges(_hosts.Values, _isWorkloadSet).Where(r => r.IsV6 == v6), v6);
            foreach (var w in _intent.Workloads)
            {
                var self = _where[w.Name];
                var own = self.IsV6 == v6 ? self.First : UInt128.Zero;
                var inward = pieces.Select(p => (p, Through(w.Name, NftEvaluator.Inbound, new NftPacket(v6, p.First, own, true, false)))).ToList();
                foreach (var (range, (allowed, reasons)) in Merge(inward)) Add(matrix, FlowPeer.Of(range), FlowPeer.Of(w.Name), allowed, reasons);
                var outward = pieces.Select(p => (p, Through(w.Name, NftEvaluator.Outbound, new NftPacket(v6, own, p.First, false, true)))).ToList();
                foreach (var (range, (allowed, reasons)) in Merge(outward)) Add(matrix, FlowPeer.Of(w.Name), FlowPeer.Of(range), allowed, reasons);
            }
        }
        // In file order, as every reader reports.
        var ordered = _diagnostics.OrderBy(d => d.Span.File, StringComparer.Ordinal).ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column);
        return new LayerFlows(matrix, [], [.. ordered], CoversExternal: true);
    }

    private static void Add(FlowMatrix matrix, FlowPeer source, FlowPeer destination, ConnectionSet allowed, IEnumerable<NftAcceptance> reasons)
    {
        if (allowed.IsEmpty) return;
        var any = false;
        foreach (var r in reasons.Where(r => !r.Part.Intersect(allowed).IsEmpty).Select(r => r.Reason).Distinct())
        {
            matrix.Add(source, destination, allowed, r);
            any = true;
        }
        if (!any) matrix.Add(source, destination, allowed, "nftables rules");
    }

    /// <summary>Adjacent pieces that allow the same for the same reasons become one range.</summary>
    private static List<(IpRange Range, (ConnectionSet Allowed, List<NftAcceptance> Reasons) Result)> Merge(
        List<(IpRange Piece, (ConnectionSet Allowed, List<NftAcceptance> Reasons) Result)> pieces)
    {
        var merged = new List<(IpRange, (ConnectionSet, List<NftAcceptance>))>();
        foreach (var (piece, result) in pieces)
        {
            if (merged.Count > 0)
            {
                var (last, (allowed, reasons)) = merged[^1];
                if (last.Last + 1 == piece.First && allowed.Equals(result.Allowed)
                    && reasons.Select(r => r.Reason).SequenceEqual(result.Reasons.Select(r => r.Reason)))
                {
                    merged[^1] = (last with { Last = piece.Last }, (allowed, reasons));
                    continue;
                }
            }
            merged.Add((piece, result));
        }
        return merged;
    }

    /// <summary>Every address range the rules name outside the workloads' sets: where outside pieces must be cut.</summary>
    private static IEnumerable<IpRange> OutsideEdges(IEnumerable<NftRuleset> rulesets, Func<string, bool> isWorkloadSet)
    {
        foreach (var table in rulesets.SelectMany(r => r.Tables))
        {
            foreach (var set in table.Sets.Values.Where(s => !isWorkloadSet(s.Name))) foreach (var r in set.Addresses) yield return r;
            foreach (var rule in table.Chains.SelectMany(c => c.Rules))
            {
                foreach (var m in rule.Matches.Concat(rule.Vmap.SelectMany(e => e.Key)).OfType<NftAddressMatch>())
                    foreach (var r in m.Ranges) yield return r;
            }
        }
    }

    /// <summary>
    /// Each workload's address: the given one, else the first address of its set 'workload.NAME' in any ruleset,
    /// else the default plan's. Sets that disagree between hosts are named.
    /// </summary>
    private static Dictionary<string, IpRange> Addresses(Intent intent, Dictionary<string, NftRuleset> hosts,
        IReadOnlyDictionary<string, IpRange>? given, Dictionary<string, string> workloadSets, List<Diagnostic> diagnostics)
    {
        var plan = AddressPlan.Default(intent);
        var result = new Dictionary<string, IpRange>(StringComparer.Ordinal);
        var seen = new Dictionary<string, (string Elements, NftSet Set)>(StringComparer.Ordinal);
        foreach (var set in hosts.OrderBy(h => h.Key, StringComparer.Ordinal).SelectMany(h => h.Value.Tables).SelectMany(t => t.Sets.Values))
        {
            if (!workloadSets.TryGetValue(set.Name, out var workload) || set.Addresses.Count == 0) continue;
            var elements = string.Join(", ", set.Addresses.OrderBy(a => a));
            if (seen.TryGetValue(workload, out var first))
            {
                if (first.Elements != elements && given is null)
                    diagnostics.Add(Diagnostic.Warning(set.Span, $"set {set.Name} holds {elements} here but {first.Elements} at {first.Set.Span}; netpact takes the first"));
                continue;
            }
            seen[workload] = (elements, set);
            result[workload] = set.Addresses.Min()!;
        }
        foreach (var w in intent.Workloads)
        {
            if (given is not null && given.TryGetValue(w.Name, out var address)) result[w.Name] = address;
            else if (!result.ContainsKey(w.Name)) result[w.Name] = plan.AddressOf(w.Name);
        }
        return result;
    }

    /// <summary>Jumps to chains that do not exist, and chains netpact leaves aside.</summary>
    private static void Check(string host, NftRuleset ruleset, List<Diagnostic> diagnostics)
    {
        foreach (var table in ruleset.Tables)
        {
            foreach (var chain in table.Chains)
            {
                if (chain.Hook is not null && chain.Type is not ("filter" or "route"))
                    diagnostics.Add(Diagnostic.Warning(chain.Span, $"chain {chain.Name} of {host} is a {chain.Type} chain; netpact evaluates filter chains only"));
                foreach (var rule in chain.Rules)
                {
                    foreach (var v in rule.Vmap.Select(e => e.Verdict).Append(rule.Verdict).OfType<NftVerdict>())
                    {
                        if (v.Kind is NftVerdictKind.Jump or NftVerdictKind.Goto && table.Chain(v.Chain!) is null)
                            diagnostics.Add(Diagnostic.Error(v.Span, $"chain {v.Chain} does not exist in table {table.Name}; nft would refuse this ruleset"));
                    }
                }
            }
        }
    }
}
