using System.Collections.Immutable;

namespace Netpact.Model;

public sealed record Namespace(string Name, ImmutableSortedDictionary<string, string> Labels, SourceSpan Span)
{
    public const string NameLabel = "kubernetes.io/metadata.name";

    /// <summary>A namespace with the labels Kubernetes sets automatically (the name label) added.</summary>
    public static Namespace Create(string name, IEnumerable<KeyValuePair<string, string>> labels, SourceSpan span) =>
        new(name, labels.ToImmutableSortedDictionary(StringComparer.Ordinal).SetItem(NameLabel, name), span);
}
