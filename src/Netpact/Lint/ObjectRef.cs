namespace Netpact.Lint;

/// <summary>
/// A manifest object a finding is about: a NetworkPolicy, a workload (Deployment, Pod, ...), a Namespace
/// (namespace empty, name the namespace), or an object of another layer (Compose service, security group).
/// Suppressions attach to these.
/// </summary>
public sealed record ObjectRef(string Kind, string Namespace, string Name)
{
    public static ObjectRef OfNamespace(string name) => new("Namespace", "", name);

    public override string ToString() => Namespace.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
