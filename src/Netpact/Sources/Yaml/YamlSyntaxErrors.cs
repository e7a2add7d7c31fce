using Netpact.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Netpact.Sources.Yaml;

/// <summary>
/// Turns YamlDotNet's syntax exceptions into a diagnostic at the right place, phrased as what is wrong and
/// what to do. Some exceptions carry no useful position (an unknown alias, a tab used as indentation);
/// those are located here from the text.
/// </summary>
internal static class YamlSyntaxErrors
{
    public static Diagnostic Describe(string file, string text, YamlException e)
    {
        var span = new SourceSpan(file, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column));
        var raw = (e.InnerException as YamlException ?? e).Message;
        string message;
        if (e is AnchorNotFoundException)
        {
            var (alias, at) = FindUnknownAlias(text);
            if (at is { } mark) span = new SourceSpan(file, (int)mark.Line, (int)mark.Column);
            message = alias is null
                ? "an alias refers to an anchor that is not defined; define the anchor (&name) before the alias (*name)"
                : $"the alias *{alias} refers to no anchor &{alias} in this document (anchors do not carry over '---'); define the anchor before using it";
        }
        else if (raw.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindTabIndentation(text, (int)e.Start.Line) is { } tab)
        {
            span = new SourceSpan(file, tab.Line, tab.Column);
            message = "a tab is used for indentation; YAML indents with spaces only, so replace the tab with spaces";
        }
        else if (raw.Contains("cannot start any token", StringComparison.Ordinal) && CharAt(text, e.Start.Index) is { } c)
        {
            message = $"'{c}' cannot start a value here; if it is part of the value, put the whole value in single quotes";
        }
        else if (raw.StartsWith("Duplicate key", StringComparison.Ordinal))
        {
            var key = Slice(text, e.Start.Index, e.End.Index);
            message = string.IsNullOrWhiteSpace(key)
                ? "a key appears twice in this mapping; keep only one"
                : $"the key '{key.Trim()}' appears twice in this mapping; keep only one";
        }
        else if (raw.Contains("did not find expected key", StringComparison.Ordinal))
        {
            message = "expected a 'key: value' entry here; check the indentation of this line against the lines above";
        }
        else if (raw.Contains("did not find expected ',' or '}'", StringComparison.Ordinal))
        {
            message = "expected ',' or '}' here: a comma is missing or a '{' is not closed";
        }
        else if (raw.Contains("did not find expected ',' or ']'", StringComparison.Ordinal))
        {
            message = "expected ',' or ']' here: a comma is missing or a '[' is not closed";
        }
        else if (raw.Contains("did not find expected '-' indicator", StringComparison.Ordinal))
        {
            message = "expected a '- ' list item here; check the indentation of this line against the list above";
        }
        else if (raw.Contains("could not find expected ':'", StringComparison.Ordinal))
        {
            message = "a key is not followed by ':' here; add ': ' after the key or check the quotes on this line";
        }
        else if (raw.Contains("did not find expected node content", StringComparison.Ordinal))
        {
            message = "a value is missing here; add it, or close the '[' or '{' left open";
        }
        else if (raw.Contains("quoted scalar", StringComparison.Ordinal) && raw.Contains("end of stream", StringComparison.Ordinal))
        {
            message = "this quoted string is not closed before the end of the file; add the closing quote";
        }
        else if (raw.Contains("mapping values are not allowed", StringComparison.Ordinal))
        {
            message = "': ' is not allowed here; if it is part of a value, put the whole value in quotes, otherwise check the indentation";
        }
        else
        {
            message = $"{Sentence(raw)}; fix the YAML/JSON syntax here";
        }
        // A repeated key is no syntax error to the user; it reads the same as the one found after loading.
        return Diagnostic.Error(span, e.Message.StartsWith("Duplicate key", StringComparison.Ordinal) ? message : $"syntax error: {message}");
    }

    /// <summary>The 1-based line and column of a character index of the text.</summary>
    public static SourceSpan SpanAt(string file, string text, int index)
    {
        int line = 1, column = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n') { line++; column = 1; }
            else column++;
        }
        return new SourceSpan(file, line, column);
    }

    private static string Sentence(string raw)
    {
        var s = raw.Trim().TrimEnd('.');
        // YamlDotNet sometimes puts two spaces in its messages.
        while (s.Contains("  ", StringComparison.Ordinal)) s = s.Replace("  ", " ", StringComparison.Ordinal);
        return s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : "invalid syntax";
    }

    private static char? CharAt(string text, long index) =>
        index >= 0 && index < text.Length && !char.IsWhiteSpace(text[(int)index]) ? text[(int)index] : null;

    private static string Slice(string text, long start, long end) =>
        start >= 0 && end > start && end <= text.Length ? text[(int)start..(int)end] : "";

    /// <summary>The first line, from the one the scanner complained about on, whose indentation holds a tab.</summary>
    private static (int Line, int Column)? FindTabIndentation(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var line = lines[i];
            for (var j = 0; j < line.Length && line[j] is ' ' or '\t'; j++)
            {
                if (line[j] == '\t') return (i + 1, j + 1);
            }
        }
        return null;
    }

    /// <summary>The first alias whose anchor is not defined earlier in the same document.</summary>
    private static (string? Alias, Mark? At) FindUnknownAlias(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        anchors.Clear();
                        break;
                    case AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                        return (alias.Value.Value, alias.Start);
                    case NodeEvent node when !node.Anchor.IsEmpty:
                        anchors.Add(node.Anchor.Value);
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // A syntax error before any unknown alias: fall back to the exception's own position.
        }
        return (null, null);
    }
}
