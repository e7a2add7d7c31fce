namespace Netpact.Model;

public enum Severity { Error, Warning }

/// <summary>A problem in the user's input, phrased so the user can act on it.</summary>
public sealed record Diagnostic(SourceSpan Span, Severity Severity, string Message)
{
    public static Diagnostic Error(SourceSpan span, string message) => new(span, Severity.Error, message);

    public static Diagnostic Warning(SourceSpan span, string message) => new(span, Severity.Warning, message);

    public override string ToString() =>
        $"{Span}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}
