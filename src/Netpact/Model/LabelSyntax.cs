using System.Text.RegularExpressions;

namespace Netpact.Model;

/// <summary>
/// The API server's rules for label keys and values (apimachinery's IsQualifiedName and IsValidLabelValue):
/// a manifest that breaks them is rejected by Kubernetes, so netpact rejects it too.
/// </summary>
internal static partial class LabelSyntax
{
    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex NameShape();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomainShape();

    /// <summary>Null when the key is valid, otherwise why not.</summary>
    public static string? KeyProblem(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !DnsSubdomainShape().IsMatch(prefix))
                return $"its prefix '{prefix}' must be a DNS subdomain (lowercase letters, digits, '-' and '.', up to 253 characters)";
        }
        if (name.Length == 0) return "its name part is empty";
        if (name.Length > 63) return $"its name part has {name.Length} characters; at most 63 are allowed";
        if (!NameShape().IsMatch(name))
            return "a label name may hold only letters, digits, '-', '_' and '.', and must start and end with a letter or digit";
        return null;
    }

    /// <summary>Null when the value is valid (the empty value is), otherwise why not.</summary>
    public static string? ValueProblem(string value)
    {
        if (value.Length == 0) return null;
        if (value.Length > 63) return $"it has {value.Length} characters; at most 63 are allowed";
        if (!NameShape().IsMatch(value))
            return "a label value may hold only letters, digits, '-', '_' and '.', and must start and end with a letter or digit";
        return null;
    }
}
