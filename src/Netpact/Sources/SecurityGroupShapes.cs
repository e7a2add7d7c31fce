using System.Text;
using System.Text.Json;

namespace Netpact.Sources;

/// <summary>
/// Tells which <see cref="SecurityGroupShape"/> a JSON document has, by the keys of its top-level object (or of the
/// first item of a top-level list), never by a string found anywhere in the text: an object with 'kind' or
/// 'apiVersion' is Kubernetes, whatever else it holds. The readers and the sniffing of files share this decision.
/// </summary>
public static class SecurityGroupShapes
{
    /// <summary>The shape of an object with these top-level keys.</summary>
    internal static SecurityGroupShape OfObject(Func<string, bool> has)
    {
        if (has("kind") || has("apiVersion")) return SecurityGroupShape.None;
        if (has("SecurityGroups")) return SecurityGroupShape.Describe;
        if (IsGroup(has)) return SecurityGroupShape.Group;
        // Both 'terraform show -json' and a .tfstate file name the Terraform version that wrote them.
        if (has("terraform_version")) return SecurityGroupShape.Terraform;
        return SecurityGroupShape.None;
    }

    /// <summary>Whether an object with these keys is a security group as the AWS CLI prints one: these two keys are EC2's own.</summary>
    internal static bool IsGroup(Func<string, bool> has) =>
        !has("kind") && !has("apiVersion") && (has("IpPermissions") || has("IpPermissionsEgress"));

    /// <summary>
    /// The shape of a file's text, or None when it is not JSON of a shape above. Only the top-level keys are read;
    /// a syntax error further on leaves the decision to the keys before it, so that the reader of that shape
    /// reports the error at its line and column.
    /// </summary>
    public static SecurityGroupShape Sniff(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF')) start++;
        if (start == text.Length || text[start] is not ('{' or '[')) return SecurityGroupShape.None;
        var json = text[start..];
        // Kubernetes JSON says what it is in its first keys: a large file is decided on its beginning alone.
        const int prefix = 64 * 1024;
        if (json.Length > prefix && Scan(json[..prefix], isFinalBlock: false) is { } early) return early;
        return Scan(json, isFinalBlock: true) ?? SecurityGroupShape.None;
    }

    /// <summary>The shape, or null when the text ends before the keys decide it (only where more text follows).</summary>
    private static SecurityGroupShape? Scan(ReadOnlySpan<char> json, bool isFinalBlock)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(json)];
        Encoding.UTF8.GetBytes(json, bytes);
        var reader = new Utf8JsonReader(bytes, isFinalBlock, new JsonReaderState(new JsonReaderOptions { MaxDepth = 256 }));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var list = bytes[0] == (byte)'[';
        try
        {
            if (!reader.Read() || (list && !reader.Read())) return isFinalBlock ? SecurityGroupShape.None : null;
            if (list && reader.TokenType != JsonTokenType.StartObject) return SecurityGroupShape.None;
            while (true)
            {
                if (!reader.Read()) return isFinalBlock ? Decide(keys, list) : null;
                if (reader.TokenType != JsonTokenType.PropertyName) break;
                keys.Add(reader.GetString()!);
                // Kubernetes objects usually say so first; stop reading (a List may be long).
                if (keys.Contains("kind") || keys.Contains("apiVersion")) return SecurityGroupShape.None;
                if (!reader.TrySkip()) return isFinalBlock ? Decide(keys, list) : null;
            }
        }
        catch (JsonException)
        {
            // Decide on the keys read before the error.
        }
        return Decide(keys, list);
    }

    private static SecurityGroupShape Decide(HashSet<string> keys, bool list) =>
        list ? IsGroup(keys.Contains) ? SecurityGroupShape.List : SecurityGroupShape.None : OfObject(keys.Contains);

    /// <summary>What a shape is, for messages: "AWS security-group JSON", "Terraform state".</summary>
    public static string Describe(SecurityGroupShape shape) => shape switch
    {
        SecurityGroupShape.Terraform => "Terraform state",
        _ => "AWS security-group JSON",
    };
}
