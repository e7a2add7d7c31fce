using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;
using Netpact.Verify;

namespace Netpact.Flows;

/// <summary>What a layer read from the user's files allows, as verify reads it back (with the rule behind each flow).</summary>
public sealed record PactLayer(string Name, FlowMatrix Flows);

/// <summary>
/// What flows are checked against: the intended flows (the intent's, or without one what the policies allow: then the
/// policies are the pact), what each layer of the given files allows (verify's reading, with the rule of each), and the
/// address book that names the ends of observed flows.
/// </summary>
public sealed class FlowPact
{
    public required string Description { get; init; }

    public required FlowMatrix Intended { get; init; }

    /// <summary>Whether <see cref="Intended"/> is an intent's (else the policies').</summary>
    public required bool FromIntent { get; init; }

    public required ImmutableArray<PactLayer> Layers { get; init; }

    public required AddressBook Addresses { get; init; }

    /// <summary>
    /// The pact of an intent (null: none) and files of any layer (manifests, Istio, Compose, security groups, nftables);
    /// at least one of the two. Errors in the files go to <paramref name="diagnostics"/>, as verify reports them.
    /// </summary>
    public static FlowPact Read(Intent? intent, string? intentPath, IReadOnlyList<string> paths, List<Diagnostic> diagnostics)
    {
        Cluster? cluster = null;
        IReadOnlyList<Verification> layers = [];
        if (paths.Count > 0)
        {
            var inputs = InputSet.Read(paths, diagnostics);
            if (inputs.Layers.Contains(Layer.Kubernetes))
            {
                var read = ManifestReader.Read(inputs, []);
                diagnostics.AddRange(read.Diagnostics);
                if (!read.HasErrors) cluster = read.Cluster;
            }
            var input = paths.Count == 1 ? paths[0] : $"{paths[0]} (+{paths.Count - 1} more)";
            layers = IntentVerifier.VerifyFiles(intent ?? Intent.Empty, inputs, cluster, input, diagnostics);
        }
        var pactLayers = layers.Where(v => v.Flows is not null).Select(v => new PactLayer(v.Target, v.Flows!.Flows)).ToImmutableArray();
        var intended = intent is not null ? IntendedFlows.Of(intent)
            : pactLayers.FirstOrDefault(l => l.Name == "k8s")?.Flows ?? pactLayers.FirstOrDefault()?.Flows ?? new FlowMatrix();
        return new FlowPact
        {
            Description = intent is not null
                ? $"intent {intentPath}" + (paths.Count > 0 ? $", layers read from {string.Join(", ", paths)}" : "")
                : $"what the policies in {string.Join(", ", paths)} allow",
            Intended = intended,
            FromIntent = intent is not null,
            Layers = pactLayers,
            Addresses = new AddressBook(intent, cluster),
        };
    }
}
