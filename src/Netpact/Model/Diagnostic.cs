namespace Netpact.Model;

public enum Severity { Error, Warning }

/// <summary>A problem in the user's input, phrased so the user can act on it.</summary>
public sealed record Diagnostic(SourceSpan Span, Severity Severity, string Message)
{
    /// <summary>What the diagnostic is about, in a few words, when many alike may come (so the CLI can count them).</summary>
    public string? Topic { get; init; }

    public static Diagnostic Error(SourceSpan span, string message) => new(span, Severity.Error, message);

    public static Diagnostic Warning(SourceSpan span, string message) => new(span, Severity.Warning, message);

    /// <summary>What <see cref="Skipped"/> warnings are about.</summary>
    public const string SkippedTopic = "inputs that are no Kubernetes objects, skipped; --strict makes them errors";

    /// <summary>
    /// An input left out because it is no Kubernetes object (a kustomization, a chart's values, a CI file): a warning
    /// that the command line shortens to the first few and a count when there are many, as in a repository's root.
    /// </summary>
    public static Diagnostic Skipped(SourceSpan span, string message) => new(span, Severity.Warning, message) { Topic = SkippedTopic };

    public override string ToString() =>
        $"{Span}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}
