using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using YamlDotNet.Core;

namespace Netpact.Sources.Yaml;

/// <summary>
/// A fast reader for the plain block YAML that kubectl, Helm and generators write: block mappings and sequences,
/// one-line plain and quoted scalars, one-line flow collections, literal block scalars, comments and '---'.
/// It builds the nodes YamlDotNet's parser and loader would give for such text (values, styles, positions; see
/// <see cref="YamlDotNetTree"/>), or null for anything else (anchors, tags, multi-line plain or quoted scalars, folded scalars, tabs,
/// JSON spread over lines, a key twice or a merge key, every syntax error), which YamlDotNet then reads as before
/// and reports on. Its tests compare both readers on every input and on random mutations of them.
/// </summary>
internal sealed class BlockYaml
{
    // Characters that YAML treats as line breaks or rejects, and tabs (whose indentation rules differ): text holding
    // any of them goes to YamlDotNet.
    private static readonly SearchValues<char> Unusual = SearchValues.Create(UnusualChars());

    // The text is the first 'length' characters of a buffer, which may be longer (a pooled one, see InputFiles.ReadPooled).
    private readonly char[] text;
    private readonly int length;
    private readonly int maxDepth;
    // The nodes read and not yet taken into their collection: a collection's children are the tail of this list.
    private readonly List<YamlValue> values = [];
    private readonly List<YamlValue> roots = [];
    // Keys and values repeat from object to object (apiVersion, labels, ports): each distinct text is one string.
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> stringsBySpan;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int depth;

    private BlockYaml(char[] text, int length, int maxDepth)
    {
        this.text = text;
        this.length = length;
        this.maxDepth = maxDepth;
        stringsBySpan = strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// The root nodes of the documents of <paramref name="text"/> that hold something (empty documents left out),
    /// each key checked to appear once per mapping; null when the text is outside the subset read here.
    /// </summary>
    public static IReadOnlyList<YamlValue>? TryLoad(string text, int maxDepth)
    {
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            text.CopyTo(buffer);
            return TryLoad(buffer, text.Length, maxDepth);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <see cref="TryLoad(string, int)"/> for the first <paramref name="length"/> characters of
    /// <paramref name="text"/>; the nodes keep no reference to it.
    /// </summary>
    public static IReadOnlyList<YamlValue>? TryLoad(char[] text, int length, int maxDepth)
    {
        if (text.AsSpan(0, length).ContainsAny(Unusual) || HasLoneCarriageReturn(text.AsSpan(0, length))) return null;
        var reader = new BlockYaml(text, length, maxDepth);
        return reader.Stream() ? reader.roots : null;
    }

    /// <summary>The line where reading left the subset (for tests and tuning), or null when the whole text is in it.</summary>
    internal static int? LineOutsideSubset(string text)
    {
        if (text.AsSpan().IndexOfAny(Unusual) is var at and >= 0) return text.AsSpan(0, at).Count('\n') + 1;
        if (HasLoneCarriageReturn(text)) return text.AsSpan(0, text.IndexOf('\r')).Count('\n') + 1;
        var reader = new BlockYaml(text.ToCharArray(), text.Length, int.MaxValue);
        return reader.Stream() ? null : reader.line;
    }

    private static string UnusualChars()
    {
        var chars = new StringBuilder();
        for (var c = '\0'; c < ' '; c++) if (c is not ('\n' or '\r')) chars.Append(c);
        for (var c = '\u007f'; c <= '\u009f'; c++) chars.Append(c);
        for (var c = '\ud800'; c <= '\udfff'; c++) chars.Append(c);
        chars.Append("\u2028\u2029\ufeff\ufffe\uffff");
        return chars.ToString();
    }

    private int Column => pos - lineStart;

    /// <summary>The 1-based line and column of an index on the current line.</summary>
    private (int Line, int Column) MarkAt(int index) => (line, index - lineStart + 1);

    /// <summary>The one string for these characters in this text.</summary>
    private string Pooled(ReadOnlySpan<char> chars)
    {
        if (stringsBySpan.TryGetValue(chars, out var known)) return known;
        var value = chars.ToString();
        strings.Add(value, value);
        return value;
    }

    private void AddScalar(string value, ScalarStyle style, (int Line, int Column) at) =>
        values.Add(new YamlScalar(value, style, at.Line, at.Column));

    /// <summary>Replaces the nodes read since <paramref name="first"/> (key, value, key, ...) with their mapping.</summary>
    private void EndMapping(int first, (int Line, int Column) at)
    {
        var entries = new KeyValuePair<YamlValue, YamlValue>[(values.Count - first) / 2];
        for (var i = 0; i < entries.Length; i++) entries[i] = new(values[first + 2 * i], values[first + 2 * i + 1]);
        values.RemoveRange(first, values.Count - first);
        values.Add(new YamlMapping(ImmutableCollectionsMarshal.AsImmutableArray(entries), at.Line, at.Column));
    }

    /// <summary>Replaces the nodes read since <paramref name="first"/> with their sequence.</summary>
    private void EndSequence(int first, (int Line, int Column) at)
    {
        var items = CollectionsMarshal.AsSpan(values)[first..].ToArray();
        values.RemoveRange(first, values.Count - first);
        values.Add(new YamlSequence(ImmutableCollectionsMarshal.AsImmutableArray(items), at.Line, at.Column));
    }

    /// <summary>The character at an index, with the end of the text and a CRLF both read as a line break.</summary>
    private char At(int index) => index < length ? text[index] == '\r' ? '\n' : text[index] : '\n';

    private static bool HasLoneCarriageReturn(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOf('\r'); i >= 0; i = text.IndexOf('\r'))
        {
            if (i + 1 >= text.Length || text[i + 1] != '\n') return true;
            text = text[(i + 1)..];
        }
        return false;
    }

    /// <summary>The index of the next line feed at or after <paramref name="from"/>, or -1.</summary>
    private int LineFeedFrom(int from)
    {
        var at = text.AsSpan(from, length - from).IndexOf('\n');
        return at < 0 ? -1 : from + at;
    }

    private bool Stream()
    {
        while (SkipToContent())
        {
            if (AtMarker("..."))
            {
                return false;
            }
            if (AtMarker("---"))
            {
                pos += 3;
                if (!RestOfLineEmpty()) return false;
                // An empty document: nothing netpact reads (its root is null), so none is produced.
                if (!SkipToContent() || AtMarker("---")) continue;
                if (AtMarker("...")) return false;
            }
            if (text[pos] == '%') return false;
            // A document's root is a block collection at the first column (anything else goes to YamlDotNet).
            if (Column != 0 || !BlockNode()) return false;
            if (SkipToContent() && !AtMarker("---")) return false;
            roots.Add(values[0]);
            values.Clear();
        }
        return true;
    }

    /// <summary>A block mapping whose keys stand at column <paramref name="indent"/>; pos is at its first key.</summary>
    private bool BlockMapping(int indent)
    {
        if (++depth > maxDepth) return false;
        var start = MarkAt(pos);
        var first = values.Count;
        while (true)
        {
            if (!Key() || !NewKey(first) || !MappingValue(indent)) return false;
            if (!SkipToContent() || AtMarker("---") || AtMarker("...")) break;
            if (Column < indent) break;
            if (Column > indent || IsDash(pos) || KeyColon(pos) < 0) return false;
        }
        EndMapping(first, start);
        depth--;
        return true;
    }

    /// <summary>A block sequence whose dashes stand at column <paramref name="indent"/>; pos is at its first dash.</summary>
    private bool BlockSequence(int indent)
    {
        if (++depth > maxDepth) return false;
        var start = MarkAt(pos);
        var first = values.Count;
        while (true)
        {
            pos++;
            SkipSpaces();
            if (AtLineEnd())
            {
                if (!RestOfLineEmpty()) return false;
                var dashLineEnd = MarkAt(pos);
                if (SkipToContent() && !AtMarker("---") && !AtMarker("...") && Column > indent)
                {
                    if (!BlockNode()) return false;
                }
                else
                {
                    EmptyScalarAt(dashLineEnd);
                }
            }
            else if (IsDash(pos) || KeyColon(pos) >= 0)
            {
                // A compact collection on the dash's line ('- - a', '- key: value').
                if (!BlockNode()) return false;
            }
            else if (!InlineValue(indent))
            {
                return false;
            }
            if (!SkipToContent() || AtMarker("---") || AtMarker("...")) break;
            if (Column < indent) break;
            if (Column > indent) return false;
            if (!IsDash(pos)) break;
        }
        EndSequence(first, start);
        depth--;
        return true;
    }

    /// <summary>A block sequence or mapping starting at pos; its column is its indentation.</summary>
    private bool BlockNode()
    {
        if (IsDash(pos)) return BlockSequence(Column);
        return KeyColon(pos) >= 0 && BlockMapping(Column);
    }

    /// <summary>The key at pos and its colon; pos ends after the colon.</summary>
    private bool Key()
    {
        var colon = KeyColon(pos);
        if (colon < 0) return false;
        var start = MarkAt(pos);
        if (text[pos] is '\'' or '"')
        {
            if (!QuotedScalar()) return false;
        }
        else
        {
            var end = colon;
            while (text[end - 1] == ' ') end--;
            AddScalar(Pooled(text.AsSpan(pos, end - pos)), ScalarStyle.Plain, start);
        }
        pos = colon + 1;
        return true;
    }

    /// <summary>The value after a key of a mapping at column <paramref name="indent"/>.</summary>
    private bool MappingValue(int indent)
    {
        SkipSpaces();
        if (!AtLineEnd()) return InlineValue(indent);
        var afterColon = MarkAt(pos);
        if (!RestOfLineEmpty()) return false;
        if (SkipToContent() && !AtMarker("---") && !AtMarker("..."))
        {
            if (Column > indent) return BlockNode();
            // kubectl's style: a sequence under a key starts at the key's own column.
            if (Column == indent && IsDash(pos)) return BlockSequence(indent);
        }
        EmptyScalarAt(afterColon);
        return true;
    }

    /// <summary>A value that starts on the current line, in a collection at column <paramref name="indent"/>.</summary>
    private bool InlineValue(int indent)
    {
        var ok = text[pos] switch
        {
            '|' => LiteralScalar(indent),
            '[' or '{' => FlowNode() && RestOfLineEmpty(),
            '\'' or '"' => QuotedScalar() && RestOfLineEmpty(),
            _ => PlainScalar() && RestOfLineEmpty(),
        };
        // A more indented line after a one-line value would continue it (or be an error): YamlDotNet decides.
        return ok && (!SkipToContent() || AtMarker("---") || Column <= indent);
    }

    /// <summary>
    /// False when the key just read is a merge key ('&lt;&lt;') or one the mapping whose nodes start at
    /// <paramref name="first"/> already has (by value: "1" and 1 too); YamlDotNet's path reports both.
    /// </summary>
    private bool NewKey(int first)
    {
        var key = (YamlScalar)values[^1];
        if (key.Value == "<<" && key.Style == ScalarStyle.Plain) return false;
        for (var i = first; i < values.Count - 1; i += 2)
        {
            if (((YamlScalar)values[i]).Value == key.Value) return false;
        }
        return true;
    }

    private bool PlainScalar()
    {
        if (!PlainStart(pos)) return false;
        var start = pos;
        var p = pos;
        while (At(p) != '\n')
        {
            var c = text[p];
            if (c == '#' && text[p - 1] == ' ') break;
            if (c == ':' && At(p + 1) is ' ' or '\n') return false;
            p++;
        }
        var end = p;
        while (text[end - 1] == ' ') end--;
        AddScalar(Pooled(text.AsSpan(start, end - start)), ScalarStyle.Plain, MarkAt(start));
        pos = end;
        return true;
    }

    /// <summary>Whether a plain scalar may start at <paramref name="index"/> (no indicator that means something else).</summary>
    private bool PlainStart(int index) => text[index] switch
    {
        '-' or '?' or ':' => At(index + 1) is not (' ' or '\n' or ',' or '[' or ']' or '{' or '}') && text[index] == '-',
        ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' => false,
        _ => true,
    };

    private bool QuotedScalar()
    {
        var quote = text[pos];
        var start = pos;
        var p = pos + 1;
        StringBuilder? escaped = null;
        var runStart = p;
        while (true)
        {
            if (At(p) == '\n') return false;
            var c = text[p];
            if (c == quote)
            {
                if (quote == '\'' && At(p + 1) == '\'')
                {
                    (escaped ??= new StringBuilder()).Append(text, runStart, p + 1 - runStart);
                    p += 2;
                    runStart = p;
                    continue;
                }
                break;
            }
            if (c == '\\' && quote == '"')
            {
                (escaped ??= new StringBuilder()).Append(text, runStart, p - runStart);
                var length = Escape(p, escaped);
                if (length == 0) return false;
                p += length;
                runStart = p;
                continue;
            }
            p++;
        }
        var value = escaped is null ? Pooled(text.AsSpan(runStart, p - runStart)) : escaped.Append(text, runStart, p - runStart).ToString();
        pos = p + 1;
        AddScalar(value, quote == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, MarkAt(start));
        return true;
    }

    /// <summary>Appends the character a double-quoted escape at <paramref name="at"/> stands for; returns its length, 0 if unread.</summary>
    private int Escape(int at, StringBuilder into)
    {
        var c = At(at + 1);
        var simple = c switch
        {
            '0' => "\0", 'a' => "\a", 'b' => "\b", 't' => "\t", 'n' => "\n", 'v' => "\v", 'f' => "\f", 'r' => "\r",
            'e' => "\u001b", ' ' => " ", '"' => "\"", '/' => "/", '\\' => "\\", 'N' => "\u0085", '_' => "\u00a0",
            'L' => "\u2028", 'P' => "\u2029",
            _ => null,
        };
        if (simple is not null)
        {
            into.Append(simple);
            return 2;
        }
        var digits = c switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
        if (digits == 0 || at + 2 + digits > length) return 0;
        if (!int.TryParse(text.AsSpan(at + 2, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
            return 0;
        into.Append(char.ConvertFromUtf32(code));
        return 2 + digits;
    }

    /// <summary>A flow collection or scalar that closes on the same line.</summary>
    private bool FlowNode()
    {
        switch (At(pos))
        {
            case '[' or '{':
                if (++depth > maxDepth) return false;
                var isSequence = At(pos) == '[';
                var close = isSequence ? ']' : '}';
                var start = MarkAt(pos);
                var first = values.Count;
                pos++;
                SkipSpaces();
                while (At(pos) != close)
                {
                    if (isSequence)
                    {
                        if (!FlowNode()) return false;
                        SkipSpaces();
                        if (At(pos) == ':') return false;
                    }
                    else
                    {
                        var quotedKey = At(pos) is '\'' or '"';
                        if (!FlowScalar() || !NewKey(first)) return false;
                        SkipSpaces();
                        if (At(pos) != ':' || (!quotedKey && At(pos + 1) != ' ')) return false;
                        pos++;
                        SkipSpaces();
                        if (At(pos) is ',' or '}' || !FlowNode()) return false;
                        SkipSpaces();
                    }
                    if (At(pos) == ',')
                    {
                        pos++;
                        SkipSpaces();
                    }
                    else if (At(pos) != close)
                    {
                        return false;
                    }
                }
                pos++;
                if (isSequence) EndSequence(first, start);
                else EndMapping(first, start);
                depth--;
                return true;
            default:
                return FlowScalar();
        }
    }

    private bool FlowScalar()
    {
        if (At(pos) is '\'' or '"') return QuotedScalar();
        if (AtLineEnd() || !PlainStart(pos)) return false;
        var start = pos;
        var p = pos;
        while (true)
        {
            var c = At(p);
            if (c is '\n' or ',' or '[' or ']' or '{' or '}') break;
            if (c == '#' && text[p - 1] == ' ') return false;
            if (c == ':' && At(p + 1) is ' ' or ',' or '[' or ']' or '{' or '}' or '\n') break;
            p++;
        }
        var end = p;
        while (end > start && text[end - 1] == ' ') end--;
        if (end == start || At(p) == '\n') return false;
        AddScalar(Pooled(text.AsSpan(start, end - start)), ScalarStyle.Plain, MarkAt(start));
        pos = end;
        return true;
    }

    /// <summary>
    /// A literal block scalar ('|', '|-') under a collection at column <paramref name="indent"/>: its lines keep their
    /// breaks. Keep chomping, indentation indicators and lines of only spaces go to YamlDotNet.
    /// </summary>
    private bool LiteralScalar(int indent)
    {
        var start = MarkAt(pos);
        pos++;
        var strip = false;
        if (At(pos) == '-')
        {
            strip = true;
            pos++;
        }
        if (At(pos) is not (' ' or '\n')) return false;
        if (!RestOfLineEmpty() || pos >= length) return false;
        var value = new StringBuilder();
        var blockIndent = -1;
        var pendingBreaks = 0;
        var endedWithBreak = false;
        var contentLines = 0;
        var p = pos + (text[pos] == '\r' ? 2 : 1);
        var lastLineEnd = pos;
        var lastLine = line;
        var lastLineStart = lineStart;
        var currentLine = line + 1;
        while (p < length)
        {
            var spaces = 0;
            while (At(p + spaces) == ' ') spaces++;
            var eol = LineFeedFrom(p);
            if (eol < 0) eol = length;
            var contentEnd = eol > p && text[eol - 1] == '\r' ? eol - 1 : eol;
            var blank = p + spaces == contentEnd;
            if (blank)
            {
                // YamlDotNet 18.1.0 refuses some lines of only spaces that YAML allows: leave any such line to it.
                if (spaces > 0) return false;
                pendingBreaks++;
            }
            else
            {
                if (blockIndent < 0)
                {
                    if (spaces <= indent) return false;
                    blockIndent = spaces;
                }
                if (spaces < blockIndent) break;
                if (contentLines > 0) value.Append('\n');
                value.Append('\n', pendingBreaks);
                pendingBreaks = 0;
                value.Append(text, p + blockIndent, contentEnd - p - blockIndent);
                contentLines++;
                endedWithBreak = eol < length;
                lastLineEnd = contentEnd;
                lastLine = currentLine;
                lastLineStart = p;
            }
            if (eol >= length) break;
            p = eol + 1;
            currentLine++;
        }
        if (contentLines == 0) return false;
        if (!strip && endedWithBreak) value.Append('\n');
        pos = lastLineEnd;
        line = lastLine;
        lineStart = lastLineStart;
        AddScalar(value.ToString(), ScalarStyle.Literal, start);
        return true;
    }

    private void EmptyScalarAt((int Line, int Column) at) => AddScalar("", ScalarStyle.Plain, at);

    /// <summary>A '-' that opens a block sequence entry (followed by a space or the line's end).</summary>
    private bool IsDash(int index) => text[index] == '-' && At(index + 1) is ' ' or '\n';

    /// <summary>Where the colon of a key starting at <paramref name="index"/> is, or -1 when the line holds no key.</summary>
    private int KeyColon(int index)
    {
        var p = index;
        if (text[p] is '\'' or '"')
        {
            var quote = text[p];
            p++;
            while (true)
            {
                var c = At(p);
                if (c == '\n') return -1;
                if (c == '\\' && quote == '"') p += 2;
                else if (c == quote && quote == '\'' && At(p + 1) == '\'') p += 2;
                else if (c == quote) break;
                else p++;
            }
            p++;
            while (At(p) == ' ') p++;
            return At(p) == ':' && At(p + 1) is ' ' or '\n' ? p : -1;
        }
        if (!PlainStart(p)) return -1;
        while (At(p) != '\n')
        {
            var c = text[p];
            if (c == '#' && text[p - 1] == ' ') return -1;
            // YamlDotNet 18.1.0 fails on a key holding ' *' when more of the mapping follows: leave such keys to it.
            if (c == '*' && text[p - 1] == ' ') return -1;
            if (c == ':' && At(p + 1) is ' ' or '\n') return p - index <= 1024 ? p : -1;
            p++;
        }
        return -1;
    }

    private void SkipSpaces()
    {
        while (pos < length && text[pos] == ' ') pos++;
    }

    private bool AtLineEnd() => At(pos) == '\n' || (text[pos] == '#' && text[pos - 1] == ' ');

    /// <summary>Consumes spaces and a comment up to the line break; false if anything else is left on the line.</summary>
    private bool RestOfLineEmpty()
    {
        SkipSpaces();
        if (pos < length && text[pos] == '#' && (pos == lineStart || text[pos - 1] == ' '))
        {
            var eol = LineFeedFrom(pos);
            pos = eol < 0 ? length : eol;
        }
        return At(pos) == '\n';
    }

    /// <summary>Moves to the first character of the next line with content (not blank, not a comment); false at the end.</summary>
    private bool SkipToContent()
    {
        while (true)
        {
            if (pos >= length) return false;
            if (At(pos) == '\n')
            {
                pos += text[pos] == '\r' ? 2 : 1;
                line++;
                lineStart = pos;
                continue;
            }
            var p = pos;
            while (p < length && text[p] == ' ') p++;
            if (p >= length)
            {
                pos = p;
                return false;
            }
            if (At(p) == '\n' || (text[p] == '#' && (p == lineStart || text[p - 1] == ' ')))
            {
                var eol = LineFeedFrom(p);
                pos = eol < 0 ? length : eol;
                continue;
            }
            pos = p;
            return true;
        }
    }

    /// <summary>A document marker ('---' or '...') at the start of the current line.</summary>
    private bool AtMarker(string marker) =>
        pos == lineStart && text.AsSpan(pos, Math.Min(3, length - pos)).SequenceEqual(marker) && At(pos + 3) is ' ' or '\n';
}
