using Netpact.Compilers.Nftables;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Flows;

/// <summary>
/// Which workload an address of a flow is, in the names the pact uses (intent workload names with an intent, else
/// ns/name[Kind]). In order: the identity a log gives (Hubble's namespace, workload and labels); a pod address from the
/// manifests (status.podIPs); with an intent, each workload's planned address (the n-th host of its zone's subnet, as
/// compile writes the nftables sets) and then its zone's subnet, when the zone has one workload or one that listens on
/// the port. Anything else stays an address, outside the workloads.
/// </summary>
public sealed class AddressBook
{
    private readonly Intent? _intent;
    private readonly Cluster? _cluster;
    private readonly Dictionary<FlowAddress, string> _exact = [];
    private readonly List<(Cidr Subnet, List<IntentWorkload> Members)> _zones = [];

    public AddressBook(Intent? intent, Cluster? cluster)
    {
        _intent = intent;
        _cluster = cluster;
        if (intent is not null)
        {
            foreach (var (name, range) in AddressPlan.Default(intent).Workloads)
            {
                if (range.First == range.Last) _exact[new FlowAddress(range.IsV6, range.First)] = name;
            }
            foreach (var zone in intent.Zones)
            {
                if (zone.Subnet is { } subnet) _zones.Add((subnet, [.. intent.WorkloadsIn(zone)]));
            }
        }
        // Pod addresses are what the cluster says: they win over the intent's plan.
        foreach (var w in cluster?.Workloads ?? [])
        {
            foreach (var a in w.Pods.SelectMany(p => p.HostNetwork ? [] : p.Addresses))
                _exact[new FlowAddress(a.IsV6, a.First)] = Name(w);
        }
    }

    /// <summary>
    /// The address ranges that name a workload by address alone (pods and planned hosts, and subnets of zones with one
    /// workload), narrowest first: what the emitted SQL maps addresses with. Identities and the port-based choice within
    /// a zone are not in it.
    /// </summary>
    public IEnumerable<(string Workload, IpRange Range)> Ranges =>
        _exact.Select(e => (e.Value, e.Key.Range))
            .Concat(_zones.Where(z => z.Members.Count == 1).Select(z => (z.Members[0].Name, new IpRange(z.Subnet.IsV6, z.Subnet.First, z.Subnet.Last))))
            .OrderBy(r => r.Item2.Last - r.Item2.First).ThenBy(r => r.Item2).ThenBy(r => r.Item1, StringComparer.Ordinal);

    /// <summary>The peer an address is; <paramref name="port"/> (the server's, 0 for a client) tells apart workloads sharing a subnet.</summary>
    public FlowPeer Resolve(FlowAddress address, FlowIdentity? identity, int protocol, int port)
    {
        if (identity is not null && Named(identity) is { } named) return FlowPeer.Of(named);
        if (_exact.TryGetValue(address, out var exact)) return FlowPeer.Of(exact);
        foreach (var (subnet, members) in _zones)
        {
            if (!address.Within(subnet)) continue;
            if (members.Count == 1) return FlowPeer.Of(members[0].Name);
            if (port > 0 && FlowProtocols.Model(protocol) is { } p)
            {
                var listening = members.Where(m => m.Ports.Any(mp => mp.Port == port && mp.Protocol == p)).ToList();
                if (listening.Count == 1) return FlowPeer.Of(listening[0].Name);
            }
        }
        if (identity is not null) return FlowPeer.Of(identity.WorkloadKind is { } kind && identity.Workload is { } wl ? $"{identity.Namespace}/{wl}[{kind}]" : identity.Name);
        return FlowPeer.Of(address.Range);
    }

    /// <summary>A workload of the manifests in the pact's names: the intent workload it is (namespace and labels), else ns/name[Kind].</summary>
    public string Name(Workload w) =>
        _intent is not null && IntentWorkload(w.Namespace, w.Pods.IsEmpty ? null : w.Pods.Select(p => p.Labels).ToList()) is { } iw ? iw.Name : w.Id;

    private string? Named(FlowIdentity identity)
    {
        if (_intent is not null && IntentWorkload(identity.Namespace, [identity.Labels]) is { } iw) return iw.Name;
        if (_cluster is null) return null;
        var inNamespace = _cluster.Workloads.Where(w => w.Namespace == identity.Namespace).ToList();
        var byName = inNamespace.FirstOrDefault(w => identity.Workload is { } name && w.BaseName == name && (identity.WorkloadKind is null || w.Kind == identity.WorkloadKind));
        var byLabels = byName ?? inNamespace.FirstOrDefault(w => !w.Pods.IsEmpty
            && w.Pods.Any(p => !p.Labels.IsEmpty && p.Labels.All(l => identity.Labels.TryGetValue(l.Key, out var v) && v == l.Value)));
        return byLabels is null ? null : Name(byLabels);
    }

    /// <summary>The intent workload of a namespace whose labels every label set carries; the one with the most labels wins.</summary>
    private IntentWorkload? IntentWorkload(string ns, IReadOnlyList<IReadOnlyDictionary<string, string>>? labelSets) =>
        labelSets is null ? null
        : _intent!.Workloads
            .Where(iw => _intent.NamespaceOf(iw) == ns && !iw.Labels.IsEmpty
                         && labelSets.All(ls => iw.Labels.All(l => ls.TryGetValue(l.Key, out var v) && v == l.Value)))
            .OrderByDescending(iw => iw.Labels.Count)
            .ThenBy(iw => iw.Name, StringComparer.Ordinal)
            .FirstOrDefault();
}
