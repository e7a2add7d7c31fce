using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Netpact.Model;

namespace Netpact.Cloud;

/// <summary>A JSON value with where it starts, so that a problem in it can be reported at file:line:col.</summary>
internal sealed record JsonValue(JsonValueKind Kind, string? Text, ImmutableArray<KeyValuePair<string, JsonValue>> Properties, ImmutableArray<JsonValue> Items, SourceSpan Span)
{
    public JsonValue? this[string name] => Properties.FirstOrDefault(p => p.Key == name).Value;

    public bool IsNull => Kind == JsonValueKind.Null;
}

/// <summary>
/// Parses JSON strictly (RFC 8259, as the AWS CLI writes it) into <see cref="JsonValue"/> trees with positions.
/// System.Text.Json's DOM forgets positions, so the tree is built from its reader; a syntax error becomes a
/// diagnostic at the line and column the reader reports.
/// </summary>
internal static class LocatedJson
{
    public static JsonValue? Parse(string text, string file, List<Diagnostic> diagnostics)
    {
        var bytes = Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'));
        var lines = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read())
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 1, 1), "the file is empty; expected the JSON of 'aws ec2 describe-security-groups'"));
                return null;
            }
            var value = ReadValue(ref reader, bytes, lines, file);
            reader.Read(); // throws when anything but whitespace follows the value
            return value;
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
            diagnostics.Add(Diagnostic.Error(new SourceSpan(file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1),
                $"invalid JSON: {Plain(message)}"));
            return null;
        }
        catch (DuplicateKey e)
        {
            diagnostics.Add(Diagnostic.Error(e.Span, $"the key '{e.Key}' appears twice in this object; keep only one"));
            return null;
        }
    }

    /// <summary>System.Text.Json's reader messages in words a user can act on, without its options or internals.</summary>
    internal static string Plain(string message)
    {
        if (message.Contains("trailing comma", StringComparison.OrdinalIgnoreCase))
            return "a comma before a closing '}' or ']': JSON allows no trailing comma; remove it";
        if (message.Contains("comment", StringComparison.OrdinalIgnoreCase))
            return "JSON allows no comments; remove the comment";
        if (message.Contains("depth", StringComparison.OrdinalIgnoreCase) && message.Contains("open JSON object or array", StringComparison.Ordinal))
            return "the file ends inside an object or array: a '}' or ']' is missing";
        if (message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
            return "objects and arrays are nested too deep (over 64 levels)";
        if (message.Contains("is invalid after a value", StringComparison.Ordinal))
            return "expected ',' or a closing '}' or ']' here: a comma is missing or a bracket is not closed";
        if (message.Contains("invalid start of a property name", StringComparison.Ordinal) || message.Contains("Expected a property name", StringComparison.Ordinal))
            return "expected a key in double quotes here (JSON allows no single quotes and no unquoted keys)";
        if (message.Contains("invalid start of a value", StringComparison.Ordinal))
            return "expected a value here: a string in double quotes, a number, true, false, null, an object or an array";
        if (message.Contains("end of data", StringComparison.OrdinalIgnoreCase) || message.Contains("incomplete", StringComparison.OrdinalIgnoreCase))
            return "the file ends in the middle of a value: it may be cut short";
        // Anything else: the reader's first sentence, without its advice on reader options.
        var sentences = message.Split(". ", StringSplitOptions.RemoveEmptyEntries)
            .Where(x => !x.Contains("reader options", StringComparison.OrdinalIgnoreCase) && !x.Contains("JsonReaderOptions", StringComparison.Ordinal));
        return string.Join(". ", sentences).TrimEnd('.');
    }

    private sealed class DuplicateKey(string key, SourceSpan span) : Exception(key)
    {
        public string Key { get; } = key;

        public SourceSpan Span { get; } = span;
    }

    private static JsonValue ReadValue(ref Utf8JsonReader reader, byte[] bytes, List<int> lines, string file)
    {
        var span = Span(file, lines, bytes, (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = ImmutableArray.CreateBuilder<KeyValuePair<string, JsonValue>>();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    var keySpan = Span(file, lines, bytes, (int)reader.TokenStartIndex);
                    if (!keys.Add(name)) throw new DuplicateKey(name, keySpan);
                    reader.Read();
                    properties.Add(new(name, ReadValue(ref reader, bytes, lines, file)));
                }
                return new JsonValue(JsonValueKind.Object, null, properties.ToImmutable(), [], span);
            case JsonTokenType.StartArray:
                var items = ImmutableArray.CreateBuilder<JsonValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, bytes, lines, file));
                return new JsonValue(JsonValueKind.Array, null, [], items.ToImmutable(), span);
            case JsonTokenType.String:
                return new JsonValue(JsonValueKind.String, reader.GetString(), [], [], span);
            case JsonTokenType.Number:
                return new JsonValue(JsonValueKind.Number, Encoding.UTF8.GetString(reader.ValueSpan), [], [], span);
            case JsonTokenType.True:
                return new JsonValue(JsonValueKind.True, "true", [], [], span);
            case JsonTokenType.False:
                return new JsonValue(JsonValueKind.False, "false", [], [], span);
            default:
                return new JsonValue(JsonValueKind.Null, null, [], [], span);
        }
    }

    private static List<int> LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n') starts.Add(i + 1);
        }
        return starts;
    }

    /// <summary>Line and column (in characters, not bytes) of a byte offset.</summary>
    private static SourceSpan Span(string file, List<int> lines, byte[] bytes, int offset)
    {
        var line = lines.BinarySearch(offset);
        if (line < 0) line = ~line - 1;
        var column = 1;
        for (var i = lines[line]; i < offset && i < bytes.Length; i++)
        {
            if ((bytes[i] & 0xC0) != 0x80) column++;
        }
        return new SourceSpan(file, line + 1, column);
    }
}
