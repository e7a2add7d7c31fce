using Netpact.Model;

namespace Netpact.Sources.Yaml;

/// <summary>Thrown inside a reader to abandon one document; always caught and turned into a Diagnostic.</summary>
public sealed class InputError(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
