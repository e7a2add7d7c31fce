using System.Text;
using System.Text.Json;
using Netpact.Model;

namespace Netpact.Reports;

/// <summary>
/// What a non-Kubernetes layer (Compose, security groups) allows, in the shape of the connectivity list:
/// `src => dst : conn`, sorted byte-wise.
/// </summary>
public static class FlowListReport
{
    public static string Write(FlowMatrix flows, ConnlistFormat format)
    {
        var lines = flows.Entries
            .Select(e => (Src: e.Source.ToString(), Dst: e.Destination.ToString(), Conn: e.Allowed.ToString()))
            .OrderBy(l => $"{l.Src} => {l.Dst} : {l.Conn}", StringComparer.Ordinal)
            .ToList();
        var sb = new StringBuilder();
        switch (format)
        {
            case ConnlistFormat.Json:
                return JsonSerializer.Serialize(lines.Select(l => new { src = l.Src, dst = l.Dst, conn = l.Conn }),
                    new JsonSerializerOptions { WriteIndented = true });
            case ConnlistFormat.Csv:
                sb.Append("src,dst,conn\n");
                foreach (var l in lines) sb.Append(Csv(l.Src)).Append(',').Append(Csv(l.Dst)).Append(',').Append(Csv(l.Conn)).Append('\n');
                return sb.ToString();
            case ConnlistFormat.Md:
                sb.Append("| src | dst | conn |\n|-----|-----|------|\n");
                foreach (var l in lines) sb.Append("| ").Append(l.Src).Append(" | ").Append(l.Dst).Append(" | ").Append(l.Conn).Append(" |\n");
                return sb.ToString();
            default:
                foreach (var l in lines) sb.Append(l.Src).Append(" => ").Append(l.Dst).Append(" : ").Append(l.Conn).Append('\n');
                return sb.ToString();
        }
    }

    private static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) ? $"\"{s}\"" : s;
}
