namespace Netpact.Model;

public enum Severity { Error, Warning }

/// <summary>A problem in the user's input, phrased so the user can act on it.</summary>
public sealed record Diagnostic(SourceSpan Span, Severity Severity, string Message)
{
    public static Diagnostic Error(SourceSpan span, string message) => new(span, Severity.Error, message);

    public static Diagnostic Warning(SourceSpan span, string message) => new(span, Severity.Warning, message);

    /// <summary>
    /// An input left out because it is no Kubernetes object (a kustomization, a chart's values, a CI file): a warning
    /// that the command line shortens to the first few and a count when there are many, as in a repository's root.
    /// </summary>
    public bool LeftOut { get; init; }

    public static Diagnostic Skipped(SourceSpan span, string message) => new(span, Severity.Warning, message) { LeftOut = true };

    public override string ToString() =>
        $"{Span}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}
