using Netpact.Model;

namespace Netpact.Cli;

/// <summary>
/// Prints diagnostics, one a line, in order. Of many warnings alike (a repository's root holds kustomizations, charts,
/// CI files; a large cluster many workloads whose pods differ), the first few and a count, so the rest stays readable;
/// --verbose prints every one.
/// </summary>
internal static class DiagnosticLines
{
    private const int Many = 10;
    private const int Shown = 5;

    public static void Write(IReadOnlyCollection<Diagnostic> diagnostics, TextWriter stderr, bool verbose = false)
    {
        var counts = diagnostics.Where(d => d.Topic is not null && d.Severity == Severity.Warning)
            .GroupBy(d => d.Topic!).ToDictionary(g => g.Key, g => g.Count());
        var shown = new Dictionary<string, int>();
        foreach (var d in diagnostics)
        {
            if (!verbose && d.Severity == Severity.Warning && d.Topic is { } topic && counts[topic] > Many)
            {
                shown[topic] = shown.GetValueOrDefault(topic) + 1;
                if (shown[topic] > Shown) continue;
            }
            stderr.WriteLine(d);
        }
        foreach (var (topic, count) in counts.Where(c => !verbose && c.Value > Many))
        {
            stderr.WriteLine($"netpact: warning: {count - Shown} more warnings like these ({topic}); --verbose lists every one");
        }
    }
}
