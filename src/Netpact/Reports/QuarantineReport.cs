using System.Text;
using Netpact.Diff;
using Netpact.Response;

namespace Netpact.Reports;

/// <summary>
/// Prints the proof of a quarantine (per layer, the target's connections before and after, each permitted one with
/// its reason) and of its undo (the files to delete, the diff against the pre-incident record).
/// </summary>
public static class QuarantineReport
{
    public static string Write(QuarantineRequest request, QuarantineResult result)
    {
        var sb = new StringBuilder();
        sb.Append("netpact quarantine: ").Append(request.Target).Append('\n');
        sb.Append("reason: ").Append(request.Reason.ReplaceLineEndings(" ")).Append('\n');
        sb.Append("created: ").Append(request.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("permitted: ").Append(Permitted(request)).Append('\n');
        foreach (var proof in result.Proofs)
        {
            sb.Append('\n').Append(proof.Layer).Append(": ").Append(proof.Method).Append('\n');
            foreach (var note in proof.Notes) sb.Append("  note: ").Append(note).Append('\n');
            Flows(sb, "before", proof.Before, marks: false);
            Flows(sb, "after", proof.After, marks: true);
            var violations = proof.Violations.Count();
            var kept = proof.After.Length - violations;
            sb.Append("  result: ").Append(violations == 0 ? "isolated" : "NOT isolated").Append(": ")
                .Append(violations).Append(violations == 1 ? " path" : " paths").Append(" in or out but the permitted (")
                .Append(kept).Append(" permitted)")
                .Append(proof.Decides ? "" : "; for information, the verdict is the layer above").Append('\n');
        }
        if (!result.Uncovered.IsEmpty)
        {
            sb.Append("\nnot covered:\n");
            foreach (var u in result.Uncovered) sb.Append("  ").Append(u).Append('\n');
        }
        sb.Append('\n').Append(result.Holds ? $"quarantine proven on {result.Proofs.Count(p => p.Decides)} layers" : "quarantine NOT proven").Append('\n');
        return sb.ToString();
    }

    public static string WriteBlock(BlockRequest request, QuarantineResult result)
    {
        var sb = new StringBuilder();
        sb.Append("netpact block: ").Append(string.Join(", ", request.Networks)).Append('\n');
        sb.Append("reason: ").Append(request.Reason.ReplaceLineEndings(" ")).Append('\n');
        sb.Append("created: ").Append(request.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        foreach (var proof in result.Proofs)
        {
            sb.Append('\n').Append(proof.Layer).Append(": ").Append(proof.Method).Append('\n');
            foreach (var note in proof.Notes) sb.Append("  note: ").Append(note).Append('\n');
            foreach (var (when, flows) in new[] { ("before", proof.Before), ("after", proof.After) })
            {
                sb.Append("  ").Append(when).Append(": ").Append(flows.Length).Append(flows.Length == 1 ? " connection" : " connections").Append(" with the ranges\n");
                foreach (var f in flows.OrderBy(f => f.ToString(), StringComparer.Ordinal)) sb.Append("    ").Append(f).Append('\n');
            }
            sb.Append("  result: ").Append(proof.Holds ? "blocked" : proof.Decides ? "NOT blocked" : "not blockable on this layer; for information").Append('\n');
        }
        sb.Append("\nnot blocked by netpact:\n");
        foreach (var u in result.Uncovered) sb.Append("  ").Append(u).Append('\n');
        sb.Append('\n').Append(result.Holds ? $"block proven on {result.Proofs.Count(p => p.Decides)} layers" : "block NOT proven").Append('\n');
        return sb.ToString();
    }

    private static string Permitted(QuarantineRequest request)
    {
        var parts = request.Allow.Select(a => $"forensic source {a}").ToList();
        if (request.Dns) parts.Add("DNS (53/UDP, 53/TCP to the resolver)");
        return parts.Count == 0 ? "nothing" : string.Join(", ", parts);
    }

    private static void Flows(StringBuilder sb, string when, IReadOnlyList<ProvenFlow> flows, bool marks)
    {
        sb.Append("  ").Append(when).Append(": ").Append(flows.Count).Append(flows.Count == 1 ? " connection" : " connections").Append(" in or out\n");
        foreach (var f in flows.OrderBy(f => f.ToString(), StringComparer.Ordinal))
        {
            sb.Append("    ").Append(f);
            if (marks) sb.Append(f.Permitted is { } why ? $"   (permitted: {why})" : "   (NOT PERMITTED)");
            sb.Append('\n');
        }
    }

    public static string WriteUndo(UndoResult result)
    {
        var sb = new StringBuilder();
        sb.Append("netpact quarantine --undo: delete these files of the quarantine folder (kubectl delete -f for the manifests first):\n");
        foreach (var f in result.FilesToDelete) sb.Append("  ").Append(f).Append('\n');
        if (result.FilesToDelete.Any(f => f.StartsWith("k8s/", StringComparison.Ordinal) || f.StartsWith("istio/", StringComparison.Ordinal)))
            sb.Append("the cluster: kubectl delete -f on the k8s/ and istio/ files above\n");
        if (result.FilesToDelete.Contains("compose/quarantine.sh"))
            sb.Append("compose: docker compose up -d --force-recreate the quarantined services (the command is in compose/quarantine.sh)\n");
        foreach (var host in result.FilesToDelete.Where(f => f.StartsWith("nftables/", StringComparison.Ordinal)))
            sb.Append("host ").Append(Path.GetFileNameWithoutExtension(host)).Append(": nft -f the compiled ").Append(host).Append(" again (it replaces the quarantine table)\n");
        if (result.Diff is { } diff)
        {
            sb.Append('\n').Append("connectivity without them against the pre-incident record: ");
            if (diff.IsEmpty)
            {
                sb.Append("no difference (").Append(diff.Entries.Length).Append(" connections compared)\n");
            }
            else
            {
                sb.Append(diff.Differences.Count()).Append(" differences\n");
                sb.Append(DiffReport.Write(diff, DiffFormat.Txt, "pre-incident", "restored"));
            }
        }
        sb.Append('\n').Append(result.Restores ? "pre-incident connectivity restored" : "pre-incident connectivity NOT restored").Append('\n');
        return sb.ToString();
    }
}
