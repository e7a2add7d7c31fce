namespace Netpact.Model;

/// <summary>An enforcement (or monitoring) layer: what a file is and what a compiler writes.</summary>
public enum Layer
{
    Kubernetes,
    Istio,
    Compose,
    Aws,
    Nftables,
    Prometheus,
}

/// <summary>Layers by the names the command line and the reports use: k8s, istio, compose, aws, nftables, prometheus.</summary>
public static class Layers
{
    /// <summary>Every layer, in the order reports list them.</summary>
    public static IReadOnlyList<Layer> All { get; } = Enum.GetValues<Layer>();

    public static string Name(this Layer layer) => layer switch
    {
        Layer.Kubernetes => "k8s",
        Layer.Istio => "istio",
        Layer.Compose => "compose",
        Layer.Aws => "aws",
        Layer.Nftables => "nftables",
        _ => "prometheus",
    };

    /// <summary>The layer of a name as <see cref="Name"/> writes it, or null.</summary>
    public static Layer? Parse(string name) => All.Cast<Layer?>().FirstOrDefault(l => l!.Value.Name() == name);
}
