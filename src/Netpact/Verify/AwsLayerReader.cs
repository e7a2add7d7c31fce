using System.Collections.Immutable;
using Netpact.Cloud;
using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>Reads security groups (describe-security-groups JSON or Terraform state) back into the flows they allow.</summary>
internal sealed class AwsLayerReader : ILayerReader
{
    public Layer Layer => Layer.Aws;

    /// <summary>
    /// Reads security groups as JSON: describe-security-groups output, or Terraform state (<see cref="SecurityGroupReader"/>).
    /// Terraform source (.tf, as compiled) is not evaluated: its groups are read from the JSON compiled beside it,
    /// or from the state after apply. Groups are matched to workloads by name; a workload's instances are taken to
    /// be in its zone's subnet.
    /// </summary>
    public LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent)
    {
        var diagnostics = new List<Diagnostic>();
        var groups = new List<SecurityGroup>();
        var json = files.Where(f => !f.Path.EndsWith(".tf", StringComparison.OrdinalIgnoreCase)).ToList();
        if (json.Count == 0)
            diagnostics.Add(Diagnostic.Error(new SourceSpan(files.FirstOrDefault()?.Path ?? "", 0, 0),
                "no security-group JSON to read; run 'aws ec2 describe-security-groups > groups.json' (or 'terraform show -json > state.json') and check that file"));
        foreach (var file in json)
        {
            var read = SecurityGroupReader.ReadText(file.Content, file.Path);
            diagnostics.AddRange(read.Diagnostics);
            groups.AddRange(read.Groups);
        }
        var matrix = new FlowMatrix();
        SecurityGroupConnectivity.AddTo(matrix, groups,
            g => AddressOf(intent, g.GroupName), diagnostics);
        return new LayerFlows(matrix, Approximations(intent, matrix), [.. diagnostics], CoversExternal: true);
    }

    /// <summary>
    /// What security groups cannot say exactly, where the groups really allow it. A group admits SCTP on every
    /// port or none, so an intended SCTP port opens them all. And a rule for a range of addresses also admits
    /// the instances whose addresses fall in it: when A may reach a range that can hold B's address, and B admits
    /// a range that can hold A's, A reaches B on the ports both rules share.
    /// </summary>
    private static ImmutableArray<Approximation> Approximations(Intent intent, FlowMatrix actual)
    {
        var intended = IntendedFlows.Of(intent);
        var result = ImmutableArray.CreateBuilder<Approximation>();
        var sctpPairs = new List<(FlowPeer, FlowPeer)>();
        var rangePairs = new List<(FlowPeer, FlowPeer)>();
        foreach (var entry in actual.Entries)
        {
            var (want, _) = intended.Between(entry.Source, entry.Destination);
            var extra = entry.Allowed.Subtract(want);
            if (extra.IsEmpty) continue;
            var sctp = want[Protocol.SCTP].IsEmpty ? ConnectionSet.Empty : SctpAll;
            var ranges = ThroughRanges(intent, intended, entry.Source, entry.Destination);
            if (!extra.Subtract(sctp.Union(ranges)).IsEmpty) continue;
            if (!extra.Intersect(sctp).IsEmpty) sctpPairs.Add((entry.Source, entry.Destination));
            if (!extra.Subtract(sctp).IsEmpty) rangePairs.Add((entry.Source, entry.Destination));
        }
        if (sctpPairs.Count > 0)
        {
            result.Add(new Approximation(
                "a security group admits SCTP on every port or on none, so an intended SCTP port opens every SCTP port", [.. sctpPairs]));
        }
        if (rangePairs.Count > 0)
        {
            result.Add(new Approximation(
                "a rule for a range of addresses also admits the instances inside it: where one workload may reach a range holding another's address, and that one admits a range holding the first's, they reach each other on the ports both rules share",
                [.. rangePairs]));
        }
        return result.ToImmutable();
    }

    private static readonly ConnectionSet SctpAll = ConnectionSet.Of(Protocol.SCTP, PortSet.All);

    /// <summary>What A reaches of B through intended rules for ranges: A's egress to a range that can hold B, B's ingress from one that can hold A.</summary>
    private static ConnectionSet ThroughRanges(Intent intent, FlowMatrix intended, FlowPeer a, FlowPeer b)
    {
        if (a.Workload is null || b.Workload is null) return ConnectionSet.Empty;
        var result = ConnectionSet.Empty;
        foreach (var outward in intended.Entries.Where(e => e.Source == a && e.Destination.Range is { } r && CanHold(intent, r, b.Workload)))
        {
            foreach (var inward in intended.Entries.Where(e => e.Destination == b && e.Source.Range is { } r && CanHold(intent, r, a.Workload)))
                result = result.Union(Widen(outward.Allowed).Intersect(Widen(inward.Allowed)));
        }
        return result;
    }

    private static ConnectionSet Widen(ConnectionSet ports) => ports[Protocol.SCTP].IsEmpty ? ports : ports.Union(SctpAll);

    /// <summary>Mirrors the reader: an instance is somewhere in its zone's subnet; with no subnet, only every IPv4 address surely holds it.</summary>
    private static bool CanHold(Intent intent, IpRange range, string workload) =>
        AddressOf(intent, workload) is { } subnet
            ? range.Overlaps(subnet)
            : !range.IsV6 && range.First == 0 && range.Last == Cidr.V4Max;

    private static Cidr? AddressOf(Intent intent, string name) =>
        intent.Workload(name) is { } w ? intent.ZoneOf(w).Subnet : null;
}
