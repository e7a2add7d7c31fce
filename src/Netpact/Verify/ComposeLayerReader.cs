using Netpact.Compilers;
using Netpact.Compilers.Compose;
using Netpact.Compose;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>Reads Compose files back into the flows their networks and published ports allow, naming what Compose cannot express.</summary>
internal sealed class ComposeLayerReader : ILayerReader
{
    public Layer Layer => Layer.Compose;

    public LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent)
    {
        var diagnostics = new List<Diagnostic>();
        var matrix = new FlowMatrix();
        foreach (var file in files.Where(f => f.Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)))
        {
            var read = ComposeReader.ReadText(file.Content, file.Path);
            diagnostics.AddRange(read.Diagnostics);
            // Services are named as the intent's workloads; a service the intent does not know keeps its name.
            if (read.Project is { } project) ComposeConnectivity.AddTo(matrix, project, diagnostics);
        }
        if (files.Count == 0) diagnostics.Add(Diagnostic.Error(SourceSpan.None, "no Compose file to read"));
        return new LayerFlows(matrix, ComposeApproximations.Of(intent, matrix), [.. diagnostics], CoversExternal: true);
    }
}
