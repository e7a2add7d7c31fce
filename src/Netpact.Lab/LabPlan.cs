using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Netpact.Compilers.Nftables;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Lab;

/// <summary>
/// What the lab builds for an intent, before anything is built: a network namespace per workload and one for
/// the internet when flows name the outside, addresses from 198.18.0.0/15 (reserved for benchmarking, never
/// routed), the ports each host listens on, and every probe. Workload n of zone z is 198.18.z.n; outside piece
/// k (the outside address space cut where the intent's ranges begin and end) is 198.19.k.0/24, its host 198.19.k.1.
/// Every name starts with 'netpact-ID', so the lab removes exactly what it made.
/// </summary>
public sealed class LabPlan
{
    public const string Prefix = "netpact";

    /// <summary>All lab hosts share one link: 198.18.0.0/15, no routing.</summary>
    public const int PrefixLength = 15;

    /// <summary>Undeclared ports probed on every workload, with the other protocol of its first declared port.</summary>
    private static readonly LabPort[] WorkloadSample = [new(22, Protocol.TCP, false)];

    /// <summary>Ports probed on the internet host: what a compromised workload would try first.</summary>
    private static readonly LabPort[] OutsideSample = [new(22, Protocol.TCP, false), new(53, Protocol.UDP, false), new(80, Protocol.TCP, false), new(443, Protocol.TCP, false)];

    private LabPlan(string id, Intent intent, ImmutableArray<LabHost> hosts, AddressPlan addresses, ImmutableArray<string> notes)
    {
        Id = id;
        Intent = intent;
        Hosts = hosts;
        Addresses = addresses;
        Notes = notes;
        Probes = [.. Enumerate()];
    }

    public string Id { get; }

    public Intent Intent { get; }

    public ImmutableArray<LabHost> Hosts { get; }

    /// <summary>The plan the lab compiles the intent with: its own addresses, the outside mapped into 198.19.0.0/16.</summary>
    public AddressPlan Addresses { get; }

    public IReadOnlyDictionary<string, IpRange> WorkloadAddresses => Addresses.Workloads;

    public ImmutableArray<LabProbe> Probes { get; }

    /// <summary>What the lab leaves out, and why.</summary>
    public ImmutableArray<string> Notes { get; }

    public string BridgeNamespace => NamespacePrefixOf(Id);

    public string NamespaceOf(string host) => $"{NamespacePrefixOf(Id)}-{host}";

    public LabHost Host(string name) => Hosts.First(h => h.Name == name);

    public static string NamespacePrefixOf(string id) => $"{Prefix}-{id}";

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>1-12 lowercase letters and digits: short enough for every name the lab derives from it.</summary>
    public static bool IsValidId(string id) => id.Length is > 0 and <= 12 && id.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));

    public static LabPlan For(Intent intent, string id)
    {
        if (!IsValidId(id)) throw new LabException($"'{id}' is not a lab id: use 1-12 lowercase letters and digits");
        var notes = new List<string>();
        var workloads = ImmutableSortedDictionary.CreateBuilder<string, IpRange>(StringComparer.Ordinal);
        var addressNotes = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var hosts = new List<LabHost>();

        if (intent.Zones.Length > 255) throw new LabException($"the lab has room for 255 zones; intent '{intent.Name}' has {intent.Zones.Length}");
        for (var z = 0; z < intent.Zones.Length; z++)
        {
            var members = intent.WorkloadsIn(intent.Zones[z]).ToList();
            if (members.Count > 254) throw new LabException($"the lab has room for 254 workloads per zone; zone '{intent.Zones[z].Name}' has {members.Count}");
            for (var n = 0; n < members.Count; n++)
            {
                var w = members[n];
                var address = IPAddress.Parse($"198.18.{z + 1}.{n + 1}");
                var peer = FlowPeer.Of(w.Name);
                var labAddress = new LabAddress(address, peer, peer);
                workloads[w.Name] = labAddress.Range;
                addressNotes[w.Name] = $"lab host of '{w.Name}'";
                hosts.Add(new LabHost(w.Name, NamespacePrefixOf(id) + "-" + w.Name, false, [labAddress], WorkloadPorts(w)));
            }
        }
        // Keep the intent's order of workloads, not of zones.
        hosts = [.. intent.Workloads.Select(w => hosts.First(h => h.Name == w.Name))];

        var intended = IntendedFlows.Of(intent);
        var outsideRanges = intended.Ranges.ToList();
        var map = ImmutableArray.CreateBuilder<(IpRange Intent, IpRange Actual)>();
        if (outsideRanges.Count > 0)
        {
            if (outsideRanges.Any(r => r.IsV6)) notes.Add("IPv6 is not probed: the lab's hosts have IPv4 addresses only; the reader still checks IPv6 rules");
            var pieces = AddressPlan.Pieces(outsideRanges.Where(r => !r.IsV6), false);
            if (outsideRanges.All(r => r.IsV6)) pieces = [];
            if (pieces.Count > 256) throw new LabException($"the lab has room for 256 pieces of the outside address space; intent '{intent.Name}' names {pieces.Count}");
            var addresses = ImmutableArray.CreateBuilder<LabAddress>();
            for (var k = 0; k < pieces.Count; k++)
            {
                var network = 0xC6130000u + ((uint)k << 8);
                var labRange = new IpRange(false, network, network + 255);
                map.Add((pieces[k], labRange));
                var host = IPAddress.Parse($"198.19.{k}.1");
                addresses.Add(new LabAddress(host, FlowPeer.Of(pieces[k]), FlowPeer.Of(new IpRange(false, network + 1, network + 1))));
            }
            if (addresses.Count > 0)
                hosts.Add(new LabHost(LabHost.InternetName, NamespacePrefixOf(id) + "-" + LabHost.InternetName, true, addresses.ToImmutable(), OutsidePorts(intent)));
        }
        if (intent.Workloads.SelectMany(w => w.Ports).Any(p => p.Protocol == Protocol.SCTP))
            notes.Add("SCTP ports are probed only where the kernel offers SCTP sockets");

        var plan = new AddressPlan(workloads.ToImmutable(), map.ToImmutable(), addressNotes.ToImmutable());
        return new LabPlan(id, intent, [.. hosts], plan, [.. notes]);
    }

    private static ImmutableArray<LabPort> WorkloadPorts(IntentWorkload w)
    {
        var ports = new SortedSet<LabPort>(w.Ports.Select(p => new LabPort(p.Port, p.Protocol, true)));
        foreach (var sample in WorkloadSample) Add(ports, sample);
        if (w.Ports.FirstOrDefault(p => p.Protocol != Protocol.SCTP) is { } first)
            Add(ports, new LabPort(first.Port, first.Protocol == Protocol.TCP ? Protocol.UDP : Protocol.TCP, false));
        return [.. ports];
    }

    /// <summary>The ports of flows to the outside (the lowest of a range), and the sample.</summary>
    private static ImmutableArray<LabPort> OutsidePorts(Intent intent)
    {
        var ports = new SortedSet<LabPort>();
        foreach (var flow in IntendedFlows.Expand(intent).Where(f => f.To.IsExternal))
        {
            var allowed = IntendedFlows.Ports(flow, null);
            if (allowed.IsAll) continue;
            foreach (var protocol in ConnectionSet.Protocols)
            {
                foreach (var (lo, _) in allowed[protocol].Ranges) ports.Add(new LabPort(lo, protocol, true));
            }
        }
        foreach (var sample in OutsideSample) Add(ports, sample);
        return [.. ports];
    }

    private static void Add(SortedSet<LabPort> ports, LabPort port)
    {
        if (!ports.Any(p => p.Port == port.Port && p.Protocol == port.Protocol)) ports.Add(port);
    }

    /// <summary>Every ordered pair of hosts (the internet does not probe itself), each address, each port the destination listens on.</summary>
    private IEnumerable<LabProbe> Enumerate()
    {
        foreach (var from in Hosts)
        {
            foreach (var to in Hosts.Where(t => t != from && !(t.Outside && from.Outside)))
            {
                foreach (var fromAddress in from.Addresses)
                {
                    foreach (var toAddress in to.Addresses)
                    {
                        foreach (var port in to.Ports) yield return new LabProbe(from, fromAddress, to, toAddress, port);
                    }
                }
            }
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"lab {Id}: {Hosts.Length} hosts, {Probes.Length} probes");
}
