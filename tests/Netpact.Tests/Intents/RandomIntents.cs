using System.Collections.Immutable;
using System.Text;
using CsCheck;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Tests.Intents;

/// <summary>
/// CsCheck generator of random valid intents, built directly as model records: 2-4 zones (some sharing a
/// namespace), 2-8 workloads with unique names, labels and service accounts (a workload may override its
/// zone's namespace), ports with and without names over TCP, UDP and SCTP (a name may mean different
/// numbers on different workloads), flows between workloads, zones, the internet and CIDRs with named or
/// numeric ports the destination exposes, and optionally a DNS resolver. <see cref="ToYaml"/> prints an
/// intent file that reproduces a failure.
/// </summary>
internal static class RandomIntents
{
    private const string File = "random-intent.yaml";

    private static readonly string[] ZoneNames = ["edge", "app", "data", "ops"];

    private static readonly string[] WorkloadNames = ["web", "api", "worker", "db", "cache", "queue", "metrics", "resolver"];

    private static readonly IntentPort[] PortVocabulary =
    [
        Port("http", 8080, Protocol.TCP), Port("http", 80, Protocol.TCP), Port("https", 443, Protocol.TCP),
        Port("metrics", 9090, Protocol.TCP), Port("db", 5432, Protocol.TCP), Port("dns", 53, Protocol.UDP),
        Port("dns-tcp", 53, Protocol.TCP), Port("syslog", 514, Protocol.UDP), Port("diameter", 3868, Protocol.SCTP),
    ];

    /// <summary>Ports towards addresses outside the cluster: numbers only.</summary>
    private static readonly FlowPort[] ExternalPorts =
    [
        new(null, 443, Protocol.TCP, At(0)), new(null, 53, Protocol.UDP, At(0)), new(null, 8443, Protocol.TCP, At(0)), new(null, 123, Protocol.UDP, At(0)),
    ];

    private static readonly string[] Cidrs = ["10.0.0.0/8", "10.1.0.0/16", "192.168.1.0/24", "203.0.113.0/24", "2001:db8::/32"];

    private static IntentPort Port(string name, int port, Protocol protocol) => new(name, port, protocol, At(0));

    private static SourceSpan At(int line) => new(File, line, 1);

    private static Cidr Parse(string text) => Cidr.TryParse(text, out var error, out _) ?? throw new ArgumentException(error, nameof(text));

    /// <summary>The choices an intent is made of; shrinking them shrinks the intent.</summary>
    private sealed record Shape(
        bool[] SharedNamespace,
        (int Zone, int OwnNamespace, int LabelStyle, int PortMask, int UnnamedMask)[] Workloads,
        int Resolver,
        bool Strict,
        (int FromKind, int From, int ToKind, int To, int PortStyle, int PortMask)[] Flows);

    public static readonly Gen<Intent> Intents =
        from zones in Gen.Int[2, 4]
        from shared in Gen.Bool.Array[zones]
        from workloads in Gen.Select(Gen.Int[0, zones - 1], Gen.Int[0, 7], Gen.Int[0, 2], Gen.Int[0, 511], Gen.Int[0, 511]).Array[2, 8]
        from resolver in Gen.Int[-2, workloads.Length - 1]
        from strict in Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false)))
        from flows in Gen.Select(Gen.Int[0, 9], Gen.Int[0, 99], Gen.Int[0, 9], Gen.Int[0, 99], Gen.Int[0, 2], Gen.Int[1, 15]).Array[0, 8]
        select Build(new Shape(shared, workloads, resolver, strict, flows));

    private static Intent Build(Shape shape)
    {
        var zones = shape.SharedNamespace
            .Select((shared, i) => new Zone(ZoneNames[i], shared ? "shared" : ZoneNames[i], null, true, [], null, At(10 + i)))
            .ToImmutableArray();

        var workloads = ImmutableArray.CreateBuilder<IntentWorkload>();
        for (var i = 0; i < shape.Workloads.Length; i++)
        {
            var (zone, ownNamespace, labelStyle, portMask, unnamedMask) = shape.Workloads[i];
            var name = WorkloadNames[i];
            var ports = new List<IntentPort>();
            for (var p = 0; p < PortVocabulary.Length; p++)
            {
                if ((portMask & (1 << p)) == 0) continue;
                var port = PortVocabulary[p];
                if (ports.Any(q => q.Port == port.Port && q.Protocol == port.Protocol)) continue;
                // A name is unique per workload: a second "http" goes unnamed.
                var named = (unnamedMask & (1 << p)) == 0 && ports.All(q => q.Name != port.Name);
                ports.Add(port with { Name = named ? port.Name : null, Span = At(30 + i) });
            }
            if (i == shape.Resolver)
            {
                if (!ports.Any(p => p.Port == 53 && p.Protocol == Protocol.UDP)) ports.Add(Port("dns", 53, Protocol.UDP) with { Name = ports.Any(p => p.Name == "dns") ? null : "dns" });
                if (!ports.Any(p => p.Port == 53 && p.Protocol == Protocol.TCP)) ports.Add(Port("dns-tcp", 53, Protocol.TCP) with { Name = ports.Any(p => p.Name == "dns-tcp") ? null : "dns-tcp" });
            }
            // Every label set holds the workload's own name, so no workload's labels are a subset of another's.
            var labels = labelStyle switch
            {
                0 => new Dictionary<string, string> { ["app"] = name },
                1 => new Dictionary<string, string> { ["k8s-app"] = name },
                _ => new Dictionary<string, string> { ["app"] = name, ["tier"] = ZoneNames[zone] },
            };
            workloads.Add(new IntentWorkload(name, ZoneNames[zone], ownNamespace == 0 ? $"{name}-ns" : null,
                labels.ToImmutableSortedDictionary(StringComparer.Ordinal), labelStyle == 1 ? $"{name}-sa" : name,
                [.. ports], null, At(30 + i)));
        }
        var all = workloads.ToImmutable();
        var populated = zones.Where(z => all.Any(w => w.Zone == z.Name)).ToList();

        var flows = ImmutableArray.CreateBuilder<Flow>();
        for (var k = 0; k < shape.Flows.Length; k++)
        {
            var (fromKind, from, toKind, to, portStyle, portMask) = shape.Flows[k];
            var span = At(100 + k);
            var source = End(fromKind, from, all, populated, span);
            var destination = End(toKind, to, all, populated, span);
            if (source.IsExternal && destination.IsExternal) destination = End(0, to, all, populated, span);
            flows.Add(new Flow($"f{k}", source, destination, Ports(destination, all, portStyle, portMask, span), null, span));
        }

        var resolver = shape.Resolver >= 0 ? WorkloadNames[shape.Resolver] : null;
        return new Intent("random", zones, all, flows.ToImmutable(), new IntentDefaults(true, resolver, At(90)),
            TargetOptions.Default with { IstioMtlsMode = shape.Strict ? "STRICT" : "PERMISSIVE" }, At(1));
    }

    /// <summary>Kinds 0-4 a workload, 5-6 a zone, 7 the internet, 8-9 a CIDR.</summary>
    private static FlowEnd End(int kind, int index, ImmutableArray<IntentWorkload> workloads, List<Zone> zones, SourceSpan span) => kind switch
    {
        <= 4 => new FlowEnd(FlowEndKind.Workload, workloads[index % workloads.Length].Name, null, span),
        <= 6 => new FlowEnd(FlowEndKind.Zone, zones[index % zones.Count].Name, null, span),
        7 => new FlowEnd(FlowEndKind.Internet, "internet", null, span),
        _ => new FlowEnd(FlowEndKind.Cidr, Cidrs[index % Cidrs.Length], Parse(Cidrs[index % Cidrs.Length]), span),
    };

    /// <summary>Style 0: no ports (all the destination declares); 1: by name where the port has one; 2: by number.</summary>
    private static ImmutableArray<FlowPort> Ports(FlowEnd to, ImmutableArray<IntentWorkload> workloads, int style, int mask, SourceSpan span)
    {
        if (style == 0) return [];
        if (to.IsExternal) return [.. ExternalPorts.Where((_, i) => (mask & (1 << i)) != 0).Select(p => p with { Span = span })];
        var exposed = workloads
            .Where(w => to.Kind == FlowEndKind.Workload ? w.Name == to.Text : w.Zone == to.Text)
            .SelectMany(w => w.Ports)
            .Select(p => style == 1 && p.Name is not null ? new FlowPort(p.Name, null, Protocol.TCP, span) : new FlowPort(null, p.Port, p.Protocol, span))
            .Distinct()
            .ToList();
        return [.. exposed.Where((_, i) => (mask & (1 << (i % 4))) != 0)];
    }

    /// <summary>The intent as an intent file (apiVersion netpact/v1), to reproduce a failure with the CLI.</summary>
    public static string ToYaml(Intent intent)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: netpact/v1\nkind: Intent\nmetadata:\n  name: ").Append(intent.Name).Append("\nzones:\n");
        foreach (var z in intent.Zones) sb.Append($"  {z.Name}:\n    namespace: {z.Namespace}\n");
        sb.Append("workloads:\n");
        foreach (var w in intent.Workloads)
        {
            sb.Append($"  {w.Name}:\n    zone: {w.Zone}\n");
            if (w.Namespace is not null) sb.Append($"    namespace: {w.Namespace}\n");
            sb.Append($"    labels: {{{string.Join(", ", w.Labels.Select(l => $"{l.Key}: {l.Value}"))}}}\n");
            sb.Append($"    serviceAccount: {w.ServiceAccount}\n");
            if (w.Ports.IsEmpty) continue;
            sb.Append("    ports:\n");
            foreach (var p in w.Ports)
                sb.Append($"      - {{{(p.Name is null ? "" : $"name: {p.Name}, ")}port: {p.Port}, protocol: {p.Protocol}}}\n");
        }
        sb.Append(intent.Flows.IsEmpty ? "flows: []\n" : "flows:\n");
        foreach (var f in intent.Flows)
        {
            sb.Append($"  - name: {f.Id}\n    from: \"{f.From.Text}\"\n    to: \"{f.To.Text}\"\n");
            if (!f.Ports.IsEmpty) sb.Append($"    ports: [{string.Join(", ", f.Ports.Select(p => p.Name ?? $"{p.Port}/{p.Protocol}"))}]\n");
        }
        sb.Append("defaults:\n  denyAll: true\n");
        if (intent.Defaults.DnsResolver is { } dns) sb.Append($"  dns: {dns}\n");
        sb.Append($"targets:\n  istio:\n    mtls: {intent.Targets.IstioMtlsMode}\n");
        return sb.ToString();
    }
}
