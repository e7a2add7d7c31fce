using System.Buffers;
using System.Text;
using Netpact.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using Tokens = YamlDotNet.Core.Tokens;
using YamlDotNet.RepresentationModel;

namespace Netpact.Sources.Yaml;

/// <summary>One YAML or JSON document of an input file, with its file for locations.</summary>
public sealed record LocatedDocument(LocatedYaml Nodes, YamlValue Root);

/// <summary>Turns the paths a user names (files, folders, '-' for stdin) into parsed documents.</summary>
public static class YamlDocuments
{
        /// <summary>
    /// Parses every document of one file; a syntax error becomes a diagnostic at its position. With
    /// <paramref name="objectsOnly"/> (manifests), the keys of a document without a 'kind' go unchecked: it is no
    /// object, and the reader skips it (a CI file's merge keys are not wrong there).
    /// </summary>
    public static List<LocatedDocument> Parse(string file, string text, List<Diagnostic> diagnostics, bool objectsOnly = false)
    {
        var nodes = new LocatedYaml(file);
        var result = new List<LocatedDocument>();
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            diagnostics.Add(Diagnostic.Error(YamlSyntaxErrors.SpanAt(file, text, nul),
                "this file is not text (it contains a NUL byte), so it is no YAML or JSON manifest; remove it from the input"));
            return result;
        }
        if (BlockYaml.TryLoad(text, MaxDepth) is { } roots)
        {
            // Plain block YAML, its keys already checked.
            result.AddRange(roots.Select(root => new LocatedDocument(nodes, root)));
            return result;
        }
        var stream = LoadChecked(file, text, diagnostics);
        if (stream is null) return result;
        foreach (var doc in stream.Documents)
        {
            var root = YamlDotNetTree.Convert(doc.RootNode);
            if (LocatedYaml.IsNull(root)) continue;
            try
            {
                if (!objectsOnly || (root is YamlMapping map && LocatedYaml.HasKey(map, "kind"))) CheckKeys(nodes, root);
            }
            catch (InputError e)
            {
                diagnostics.Add(e.Diagnostic);
                continue;
            }
            result.Add(new LocatedDocument(nodes, root));
        }
        return result;
    }

    private const int MaxDepth = 256;

    /// <summary>Reads the text with YamlDotNet; a syntax error becomes a diagnostic and the result null.</summary>
    private static YamlStream? LoadChecked(string file, string text, List<Diagnostic> diagnostics)
    {
        var scan = Prescan(text);
        if (scan.TooDeep is { } deep)
        {
            // YamlDotNet builds nodes recursively: absurd nesting would overflow the stack.
            diagnostics.Add(Diagnostic.Error(new SourceSpan(file, (int)deep.Line, (int)deep.Column),
                $"the data nests more than {MaxDepth} levels deep here; no Kubernetes manifest does, so this file is not one: leave it out of the input"));
            return null;
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            diagnostics.Add(YamlSyntaxErrors.Describe(file, text, e));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18.1.0's scanner throws this (no YamlException, no position) for a '[' or '{' left open
            // before a later 'key: value' line. Anything else is a bug, and stays an exception.
            if (UnreadableSyntax(file, text) is not { } syntax) throw;
            diagnostics.Add(syntax);
            return null;
        }
        catch (ArgumentException)
        {
            // YamlDotNet's parser can emit a mapping with a key but no value (e.g. for "- : a: b"), which its
            // loader then rejects with an ArgumentException; the prescan found where.
            var at = scan.KeyWithoutValue ?? new Mark();
            diagnostics.Add(Diagnostic.Error(new SourceSpan(file, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column)),
                "syntax error: this mapping cannot be read: a key has no value, or a plain value holds ': '; put such a value in quotes"));
            return null;
        }
        return stream;
    }

    /// <summary>
    /// Walks the parser's events (the parser is not recursive) for what would break loading: where collections
    /// first nest deeper than <see cref="MaxDepth"/>, and the first mapping that ends after a key without a value.
    /// </summary>
    private static (Mark? TooDeep, Mark? KeyWithoutValue) Prescan(string text)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<(bool IsMapping, int Children, Mark Start)>();
        Mark? keyWithoutValue = null;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                if (current is NodeEvent or AnchorAlias && open.Count > 0)
                {
                    var parent = open.Pop();
                    open.Push(parent with { Children = parent.Children + 1 });
                }
                switch (current)
                {
                    case MappingStart or SequenceStart:
                        open.Push((current is MappingStart, 0, current.Start));
                        if (open.Count > MaxDepth) return (current.Start, null);
                        break;
                    case MappingEnd or SequenceEnd:
                        var closed = open.Pop();
                        if (closed.IsMapping && closed.Children % 2 == 1) keyWithoutValue ??= closed.Start;
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // A syntax error: reported with its position when the stream is loaded.
        }
        return (null, keyWithoutValue);
    }

    /// <summary>
    /// <see cref="Parse(string, string, List{Diagnostic})"/> for text in a buffer: plain block YAML is read from it
    /// directly; only other text is made a string, for YamlDotNet.
    /// </summary>
    public static List<LocatedDocument> Parse(string file, char[] text, int length, List<Diagnostic> diagnostics, bool objectsOnly = false)
    {
        if (!text.AsSpan(0, length).Contains('\0') && BlockYaml.TryLoad(text, length, MaxDepth) is { } roots)
        {
            var nodes = new LocatedYaml(file);
            return [.. roots.Select(root => new LocatedDocument(nodes, root))];
        }
        return Parse(file, new string(text, 0, length), diagnostics, objectsOnly);
    }

    /// <summary>
    /// Where the scanner gives up: the innermost '[' or '{' still open, else the last token it read.
    /// Null when it reads the whole text.
    /// </summary>
    private static Diagnostic? UnreadableSyntax(string file, string text)
    {
        var open = new Stack<(char Bracket, Mark Start)>();
        var last = new Mark();
        var scanner = new Scanner(new StringReader(text));
        var failed = false;
        try
        {
            while (scanner.MoveNext())
            {
                var token = scanner.Current!;
                last = token.Start;
                switch (token)
                {
                    case Tokens.FlowSequenceStart: open.Push(('[', token.Start)); break;
                    case Tokens.FlowMappingStart: open.Push(('{', token.Start)); break;
                    case Tokens.FlowSequenceEnd or Tokens.FlowMappingEnd when open.Count > 0: open.Pop(); break;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            failed = true;
        }
        if (!failed) return null;
        if (open.TryPeek(out var bracket))
        {
            var close = bracket.Bracket == '[' ? ']' : '}';
            return Diagnostic.Error(new SourceSpan(file, (int)bracket.Start.Line, (int)bracket.Start.Column),
                $"syntax error: this '{bracket.Bracket}' is never closed; add the '{close}' at the end of its entries");
        }
        return Diagnostic.Error(new SourceSpan(file, Math.Max(1, (int)last.Line), Math.Max(1, (int)last.Column)),
            "syntax error: the YAML cannot be read past here; check this line for an unclosed bracket or quote");
    }

    /// <summary>
    /// Keys the loader lets through but Kubernetes would not read as we do: the same key twice with different
    /// tags or quoting ("1" and 1), and YAML merge keys, which netpact does not expand.
    /// </summary>
    private static void CheckKeys(LocatedYaml y, YamlValue root)
    {
        var visited = new HashSet<YamlValue>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlValue>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node)) continue;
            switch (node)
            {
                case YamlMapping map:
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var (key, value) in map.Children)
                    {
                        if (key is YamlScalar { Value: var k } scalar)
                        {
                            if (k == "<<" && scalar.Style == ScalarStyle.Plain)
                                throw y.Error(key, "netpact does not expand YAML merge keys ('<<'); write the merged keys out");
                            if (!keys.Add(k)) throw y.Error(key, $"the key '{k}' appears twice in this mapping; keep only one");
                        }
                        pending.Push(key);
                        pending.Push(value);
                    }
                    break;
                case YamlSequence sequence:
                    foreach (var child in sequence.Children) pending.Push(child);
                    break;
            }
        }
    }
}
