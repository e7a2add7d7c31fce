using System.Globalization;
using System.Text;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Reports;

/// <summary>
/// Prints defense in depth: a matrix of callers (rows) by workloads (columns) with the number of layers that each stop
/// the caller, then every exposed pair and every single point of failure with the layers concerned.
/// </summary>
public static class DepthReport
{
    public static string Write(IReadOnlyList<DepthPair> pairs)
    {
        var sb = new StringBuilder();
        sb.Append("\ndefense in depth: the layers that each stop a caller the intent does not allow, on the workload's declared ports\n");
        sb.Append("(0 = exposed, 1 = a single point of failure, 2 or more = defense in depth; . = every declared port intended)\n\n");
        if (pairs.Count == 0)
        {
            sb.Append("  no workload declares ports that some caller is not meant to reach\n");
            return sb.ToString();
        }
        var callers = pairs.Select(p => p.Source).Distinct().OrderBy(p => p.Workload is null).ThenBy(Name, StringComparer.Ordinal).ToList();
        var targets = pairs.Select(p => p.Destination).Distinct().OrderBy(Name, StringComparer.Ordinal).ToList();
        var cells = pairs.ToDictionary(p => (p.Source, p.Destination));
        var first = Math.Max(callers.Max(c => Name(c).Length), "caller \\ workload".Length) + 2;
        sb.Append("caller \\ workload".PadRight(first));
        foreach (var t in targets) sb.Append(Name(t)).Append("  ");
        TrimLine(sb);
        foreach (var c in callers)
        {
            sb.Append(Name(c).PadRight(first));
            foreach (var t in targets)
            {
                var cell = cells.TryGetValue((c, t), out var p) ? p.Layers.ToString(CultureInfo.InvariantCulture) : Name(c) == Name(t) ? "" : ".";
                sb.Append(cell.PadRight(Name(t).Length + 2));
            }
            TrimLine(sb);
        }
        var exposed = pairs.Where(p => p.Layers == 0).ToList();
        var single = pairs.Where(p => p.Layers == 1).ToList();
        sb.Append('\n').Append(CultureInfo.InvariantCulture, $"{pairs.Count} caller-workload pairs: {exposed.Count} exposed, {single.Count} single point of failure, {pairs.Count - exposed.Count - single.Count} defended by 2 or more layers\n");
        foreach (var p in exposed)
            sb.Append("  exposed: ").Append(Name(p.Source)).Append(" => ").Append(Name(p.Destination)).Append(" : ").Append(p.Unintended)
              .Append(" (let through by ").Append(string.Join(", ", p.LetThrough)).Append(")\n");
        foreach (var p in single)
            sb.Append("  single point of failure: ").Append(Name(p.Source)).Append(" => ").Append(Name(p.Destination)).Append(" : ").Append(p.Unintended)
              .Append(" (stopped only by ").Append(p.StoppedBy[0]).Append(")\n");
        return sb.ToString();
    }

    private static void TrimLine(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        sb.Append('\n');
    }

    private static string Name(FlowPeer peer) => peer.Workload ?? "internet";
}
