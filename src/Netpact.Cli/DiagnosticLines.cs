using Netpact.Model;

namespace Netpact.Cli;

/// <summary>
/// Prints diagnostics, one a line. Of many inputs left out for being no Kubernetes objects (a repository's root holds
/// kustomizations, charts, CI files, package.json...), the first few and a count, so the rest stays readable.
/// </summary>
internal static class DiagnosticLines
{
    private const int Many = 10;
    private const int Shown = 5;

    public static void Write(IReadOnlyCollection<Diagnostic> diagnostics, TextWriter stderr, bool verbose = false)
    {
        var leftOut = diagnostics.Count(d => d.LeftOut);
        var shorten = !verbose && leftOut > Many;
        var shown = 0;
        foreach (var d in diagnostics)
        {
            if (d.LeftOut && shorten && shown++ >= Shown) continue;
            stderr.WriteLine(d);
        }
        if (shorten)
        {
            stderr.WriteLine($"netpact: warning: {leftOut - Shown} more inputs that are no Kubernetes objects were skipped " +
                             "(-v lists every one; --strict makes them errors)");
        }
    }
}
