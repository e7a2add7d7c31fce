using Netpact.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Netpact.Kubernetes;

/// <summary>One YAML or JSON document of an input file, with its file for locations.</summary>
internal sealed record ManifestDocument(YamlNodes Nodes, YamlNode Root);

/// <summary>Turns the paths a user names (files, folders, '-' for stdin) into parsed documents.</summary>
internal static class ManifestFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static IEnumerable<string> Expand(IEnumerable<string> paths, List<Diagnostic> diagnostics)
    {
        foreach (var path in paths)
        {
            if (path == "-")
            {
                yield return path;
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                foreach (var f in files) yield return f;
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(path, 0, 0), "no such file or directory"));
            }
        }
    }

    /// <summary>Parses every document of one file; a syntax error becomes a diagnostic at its position.</summary>
    public static List<ManifestDocument> Parse(string file, string text, List<Diagnostic> diagnostics)
    {
        var nodes = new YamlNodes(file);
        var result = new List<ManifestDocument>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes messages with the position, which we already print.
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line", StringComparison.Ordinal) && cut > 0) message = message[(cut + 3)..];
            diagnostics.Add(Diagnostic.Error(new SourceSpan(file, (int)e.Start.Line, (int)e.Start.Column),
                $"syntax error: {message.TrimEnd('.')}. Fix the YAML/JSON syntax of this file."));
            return result;
        }
        foreach (var doc in stream.Documents)
        {
            if (YamlNodes.IsNull(doc.RootNode)) continue;
            result.Add(new ManifestDocument(nodes, doc.RootNode));
        }
        return result;
    }

    public static string Read(string file, TextReader stdin) => file == "-" ? stdin.ReadToEnd() : File.ReadAllText(file);
}
