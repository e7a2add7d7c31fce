using Netpact.Intents;
using Netpact.Istio;
using Netpact.LiveCluster;
using Netpact.Model;
using Netpact.Reports;
using Netpact.Sources;
using Netpact.Verify;

namespace Netpact.Cli;

/// <summary>
/// analyze on files of another layer (Compose, security-group JSON): read with that layer's reader and listed
/// like the connectivity of manifests. Null when the inputs are Kubernetes manifests (the usual path).
/// </summary>
internal static class LayerInput
{
    public static int? TryAnalyze(InputSet inputs, ConnlistFormat format, string? output, CliIO io)
    {
        var layers = inputs.Layers;
        // Manifests with Istio's resources are one cluster: analyzed over both layers (see ReadCluster).
        if (layers.Count == 0 || layers.All(l => l is Layer.Kubernetes or Layer.Istio) && layers.Contains(Layer.Kubernetes)) return null;
        if (layers.Count > 1)
        {
            io.Stderr.WriteLine($"netpact: error: the inputs hold several layers ({string.Join(", ", layers.Select(l => l.Name()).Order(StringComparer.Ordinal))}); analyze one layer at a time");
            return ExitCodes.BadInput;
        }
        var layer = layers[0];
        var files = inputs.Of(layer);
        if (!LayerReaders.Find(layer).CarriesFlows)
        {
            io.Stderr.WriteLine($"netpact: error: the inputs are {layer.Name()} files, which allow no flows; analyze Kubernetes manifests or the files of an enforcement layer");
            return ExitCodes.BadInput;
        }
        if (layer == Layer.Istio || format is not (ConnlistFormat.Txt or ConnlistFormat.Json or ConnlistFormat.Csv or ConnlistFormat.Md))
        {
            io.Stderr.WriteLine(layer == Layer.Istio
                ? "netpact: error: Istio policies apply to workloads, and these inputs hold none: give the manifests too (netpact analyze MANIFESTS ISTIO-POLICIES), or verify the policies against the intent they serve (netpact verify INTENT PATH)"
                : $"netpact: error: --format {format.ToString().ToLowerInvariant()} is for Kubernetes manifests; use txt, json, csv or md for {layer.Name()} files");
            return ExitCodes.BadInput;
        }
        var flows = LayerReaders.Find(layer).Read(files, Intent.Empty);
        foreach (var d in flows.Diagnostics) io.Stderr.WriteLine(d);
        if (flows.Diagnostics.Any(d => d.Severity == Severity.Error)) return ExitCodes.BadInput;
        return CliErrors.Guard(io, () =>
        {
            ManifestInput.Write(FlowListReport.Write(flows.Flows, format), output, io);
            return ExitCodes.Success;
        });
    }

    /// <summary>
    /// The cluster of an input set with its Istio layer (one cluster over both), printing diagnostics; null when either
    /// has errors. Without Istio resources, <paramref name="withoutMesh"/> reads the manifests instead when given
    /// (report and diff read them by path, as before there was an Istio layer to read).
    /// </summary>
    public static Cluster? ReadCluster(InputSet inputs, List<Diagnostic> problems, string[] paths, ReadSwitches read, CliIO io,
        LiveClusterOptions? live, out IstioConfig? mesh, Func<Cluster?>? withoutMesh = null)
    {
        mesh = null;
        var files = inputs.Of(Layer.Istio);
        if (live is not null)
        {
            // Istio's resources come from the cluster too: read the cluster first, then its mesh with the files'.
            var fromLive = ManifestInput.Read(inputs, problems, paths, read with { WithIstio = files.Count > 0 }, io, live, out var liveIstio);
            var sources = files.Select(f => (f.Path, f.Content)).Concat(liveIstio.Select(o => (o.Source, o.Text))).ToList();
            if (sources.Count == 0) return fromLive;
            var fromCluster = IstioReader.Read(sources);
            DiagnosticLines.Write(fromCluster.Diagnostics, io.Stderr, read.Verbose);
            mesh = fromCluster.Config;
            return fromCluster.Diagnostics.Any(d => d.Severity == Severity.Error) ? null : fromLive;
        }
        var failed = false;
        if (files.Count > 0)
        {
            var istio = IstioReader.Read(files.Select(f => (f.Path, f.Content)));
            DiagnosticLines.Write(istio.Diagnostics, io.Stderr, read.Verbose);
            failed = istio.Diagnostics.Any(d => d.Severity == Severity.Error);
            mesh = istio.Config;
        }
        var cluster = mesh is null && withoutMesh is not null
            ? withoutMesh()
            : ManifestInput.Read(inputs, problems, paths, read with { WithIstio = mesh is not null }, io, live);
        return failed ? null : cluster;
    }

    /// <summary>
    /// The layer when the inputs are the files of one deployment of their own (Compose, security groups), which
    /// report draws from the flows its reader finds; null for manifests, or any mix of layers.
    /// </summary>
    public static Layer? OwnDeployment(InputSet inputs) =>
        inputs.Layers is [var layer] && layer is Layer.Compose or Layer.Aws ? layer : null;

    /// <summary>What the files of one layer allow, printing the reader's diagnostics (and earlier problems); null on errors.</summary>
    public static FlowMatrix? ReadFlows(InputSet inputs, List<Diagnostic> problems, Layer layer, CliIO io)
    {
        foreach (var d in problems) io.Stderr.WriteLine(d);
        var flows = LayerReaders.Find(layer).Read(inputs.Of(layer), Intent.Empty);
        foreach (var d in flows.Diagnostics) io.Stderr.WriteLine(d);
        return problems.Concat(flows.Diagnostics).Any(d => d.Severity == Severity.Error) ? null : flows.Flows;
    }

    /// <summary>
    /// explain on the files of one other layer (Compose, security groups): what that layer lets the source send the
    /// destination (services or groups by name, or an address), and the rules that let it.
    /// </summary>
    public static int Explain(InputSet inputs, List<Diagnostic> problems, string source, string destination, (Protocol Protocol, int Port)? port, ExplainFormat format, string? output, CliIO io)
    {
        foreach (var d in problems) io.Stderr.WriteLine(d);
        if (problems.Any(d => d.Severity == Severity.Error)) return ExitCodes.BadInput;
        var layers = inputs.Layers;
        if (layers.Count > 1)
        {
            io.Stderr.WriteLine($"netpact: error: the inputs hold several layers ({string.Join(", ", layers.Select(l => l.Name()).Order(StringComparer.Ordinal))}); explain one layer at a time");
            return ExitCodes.BadInput;
        }
        var layer = layers[0];
        if (!LayerReaders.Find(layer).CarriesFlows)
        {
            io.Stderr.WriteLine($"netpact: error: the inputs are {layer.Name()} files, which allow no flows; explain Kubernetes manifests or the files of an enforcement layer");
            return ExitCodes.BadInput;
        }
        var flows = LayerReaders.Find(layer).Read(inputs.Of(layer), Intent.Empty);
        foreach (var d in flows.Diagnostics) io.Stderr.WriteLine(d);
        if (flows.Diagnostics.Any(d => d.Severity == Severity.Error)) return ExitCodes.BadInput;
        var names = flows.Flows.Workloads.ToHashSet(StringComparer.Ordinal);
        var from = Peer(source, "--src", names, io);
        var to = Peer(destination, "--dst", names, io);
        if (from is null || to is null) return ExitCodes.BadInput;
        var (allowed, reasons) = flows.Flows.Between(from, to);
        var ok = port is { } p ? allowed.Allows(p.Protocol, p.Port) : !allowed.IsEmpty;
        var text = new System.Text.StringBuilder();
        text.Append(ok ? "ALLOWED" : "DENIED").Append(": ").Append(source).Append(" => ").Append(destination);
        if (port is { } q) text.Append(" on ").Append(q.Protocol).Append(' ').Append(q.Port);
        else if (!allowed.IsEmpty) text.Append(" : ").Append(allowed);
        text.Append("\n\n").Append(layer.Name()).Append(" (").Append(string.Join(", ", inputs.Of(layer).Select(f => f.Path))).Append("):\n");
        if (reasons.IsEmpty) text.Append("  no rule lets anything through\n");
        foreach (var reason in reasons) text.Append("  ").Append(reason).Append('\n');
        var result = format == ExplainFormat.Json
            ? ExplainReport.WriteLayerJson(ok, source, destination, port, allowed, layer.Name(), inputs.Of(layer).Select(f => f.Path),
                reasons.IsEmpty ? ["no rule lets anything through"] : reasons.Select(r => r.ToString()))
            : text.ToString();
        return CliErrors.Guard(io, () =>
        {
            ManifestInput.Write(result, output, io);
            // DENIED is the finding, as kubectl auth can-i answers "no" with 1.
            return ok ? ExitCodes.Success : ExitCodes.Findings;
        });
    }

    /// <summary>A service or group by name, or an address; null (after saying what exists) when it is neither.</summary>
    private static FlowPeer? Peer(string text, string option, HashSet<string> names, CliIO io)
    {
        if (names.Contains(text)) return FlowPeer.Of(text);
        if (Cidr.TryParseAddress(text, out _) is { } cidr) return FlowPeer.Of(new IpRange(cidr.IsV6, cidr.First, cidr.Last));
        io.Stderr.WriteLine($"netpact: error: {option}: '{text}' is no service or group of these files, nor an IP address; they name: {string.Join(", ", names.Order(StringComparer.Ordinal))}");
        return null;
    }
}
