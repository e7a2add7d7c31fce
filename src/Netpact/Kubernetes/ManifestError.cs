using Netpact.Model;

namespace Netpact.Kubernetes;

/// <summary>Thrown inside a reader to abandon one document; always caught and turned into a Diagnostic.</summary>
internal sealed class ManifestError(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
