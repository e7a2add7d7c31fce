using System.Globalization;
using System.IO.Compression;
using System.Text;
using Netpact.Compilers.Nftables;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>A flow between workloads the generated log injects: a violation (accepted, not intended) or a dropped intended flow.</summary>
public sealed record InjectedFlow(string Source, string Destination, int Port, Protocol Protocol = Protocol.TCP);

/// <summary>What a generated day of traffic holds besides the intended flows.</summary>
public sealed record FlowLogPlan
{
    public int Records { get; init; } = 10_000;

    public int Seed { get; init; } = 16;

    public DateTimeOffset Start { get; init; } = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Accepted flows the intent does not list.</summary>
    public IReadOnlyList<InjectedFlow> Violations { get; init; } = [];

    /// <summary>Intended flows rejected (an outage).</summary>
    public IReadOnlyList<InjectedFlow> Dropped { get; init; } = [];

    /// <summary>An outside address that tries this many ports of the ingress, all rejected; 0 for none.</summary>
    public int ScanPorts { get; init; }

    public string ScanSource { get; init; } = "198.51.100.66";

    /// <summary>Outside addresses knocking on one closed port each (background noise), rejected.</summary>
    public int Knocks { get; init; }
}

/// <summary>
/// Writes a realistic day of AWS VPC Flow Logs (default version 2 format) for an intent's architecture: every intended
/// flow between the workloads at their planned addresses (the hosts compile numbers in each zone's subnet), from
/// ephemeral client ports, most with their reply record, clients from documentation ranges for flows from outside,
/// NODATA records now and then, plus what the plan injects. Deterministic for a seed.
/// </summary>
public static class FlowLogGenerator
{
    public static void Write(Intent intent, FlowLogPlan plan, TextWriter output)
    {
        var random = new Random(plan.Seed);
        var addresses = AddressPlan.Default(intent).Workloads.ToDictionary(w => w.Key, w => Cidr.FormatAddress(w.Value.IsV6, w.Value.First));
        var choices = new List<(string? Src, string Dst, int Port, Protocol Protocol)>();
        foreach (var entry in IntendedFlows.Of(intent).Entries)
        {
            if (entry.Destination.Workload is not { } dst) continue;
            foreach (var protocol in ConnectionSet.Protocols)
            {
                foreach (var (lo, hi) in entry.Allowed[protocol].Ranges)
                {
                    for (var port = lo; port <= hi && port < lo + 4; port++) choices.Add((entry.Source.Workload, dst, port, protocol));
                }
            }
        }
        var dropped = plan.Dropped.Select(d => (d.Source, d.Destination, d.Port, d.Protocol)).ToHashSet();
        choices.RemoveAll(c => c.Src is not null && dropped.Contains((c.Src, c.Dst, c.Port, c.Protocol)));
        var interval = Math.Max(1, (int)(86_400L / Math.Max(1, plan.Records)));
        var time = plan.Start.ToUnixTimeSeconds();
        var line = new StringBuilder();
        var written = 0;
        while (written < plan.Records)
        {
            var (src, dst, port, protocol) = choices[random.Next(choices.Count)];
            var client = src is null ? Outside(random) : addresses[src];
            var start = time + written * (long)interval / 2;
            written += Record(output, line, random, client, addresses[dst], port, protocol, accepted: true, start, reply: random.Next(4) != 0);
            if (random.Next(500) == 0)
            {
                output.Write($"2 123456789012 eni-{random.NextInt64(1L << 60):x17} - - - - - - - {start} {start + 60} - NODATA\n");
                written++;
            }
        }
        var end = time + 86_000;
        foreach (var v in plan.Violations) Record(output, line, random, addresses[v.Source], addresses[v.Destination], v.Port, v.Protocol, accepted: true, end, reply: true);
        foreach (var d in plan.Dropped) Record(output, line, random, addresses[d.Source], addresses[d.Destination], d.Port, d.Protocol, accepted: false, end, reply: false);
        // Scanned: the first workload the intent opens to the outside (its ingress), where scans land.
        var ingress = addresses[choices.FirstOrDefault(c => c.Src is null).Dst ?? addresses.Keys.First()];
        for (var p = 0; p < plan.ScanPorts; p++) Record(output, line, random, plan.ScanSource, ingress, 20 + p * 7, Protocol.TCP, accepted: false, end + p, reply: false);
        for (var k = 0; k < plan.Knocks; k++) Record(output, line, random, Outside(random), ingress, 22, Protocol.TCP, accepted: false, end, reply: false);
    }

    /// <summary>Writes the day to a file, gzip when the name ends in .gz; returns its size in bytes.</summary>
    public static long WriteFile(Intent intent, FlowLogPlan plan, string path)
    {
        using (var file = File.Create(path))
        using (var stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file)
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
        {
            Write(intent, plan, writer);
        }
        return new FileInfo(path).Length;
    }

    private static int Record(TextWriter output, StringBuilder line, Random random, string client, string server, int port, Protocol protocol, bool accepted,
        long start, bool reply)
    {
        var eni = $"eni-{random.NextInt64(1L << 60):x17}";
        var ephemeral = random.Next(32768, 61000);
        var number = protocol switch { Protocol.TCP => 6, Protocol.UDP => 17, _ => 132 };
        var packets = random.Next(1, 200);
        var action = accepted ? "ACCEPT" : "REJECT";
        line.Clear();
        line.Append("2 123456789012 ").Append(eni).Append(' ').Append(client).Append(' ').Append(server).Append(' ')
            .Append(ephemeral.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(port.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(number.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(packets.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append((packets * random.Next(40, 1500)).ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(start.ToString(CultureInfo.InvariantCulture)).Append(' ').Append((start + 60).ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(action).Append(" OK\n");
        output.Write(line);
        if (!reply) return 1;
        line.Clear();
        line.Append("2 123456789012 ").Append(eni).Append(' ').Append(server).Append(' ').Append(client).Append(' ')
            .Append(port.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ephemeral.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(number.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(packets.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append((packets * random.Next(40, 1500)).ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(start.ToString(CultureInfo.InvariantCulture)).Append(' ').Append((start + 60).ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(action).Append(" OK\n");
        output.Write(line);
        return 2;
    }

    /// <summary>A client outside: an address of the documentation ranges (never routed).</summary>
    private static string Outside(Random random) =>
        random.Next(2) == 0 ? $"203.0.113.{random.Next(1, 255)}" : $"192.0.2.{random.Next(1, 255)}";
}
