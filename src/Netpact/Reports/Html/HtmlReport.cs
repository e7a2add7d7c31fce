using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Netpact.Reports.Html;

/// <summary>
/// Writes the report as one self-contained HTML page: the template, its style and script, cytoscape.js (vendored,
/// with its licence) and the model as JSON, all inlined. The page loads nothing: its Content-Security-Policy allows
/// no source but the inlined scripts (by hash). Same model, same bytes.
/// </summary>
public static class HtmlReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly Lazy<Page> Resources = new(() => new Page(
        Resource("report.html"), Resource("report.css"), Resource("report.js"), Resource("cytoscape.min.js"), Resource("cytoscape.LICENSE")));

    private sealed record Page(string Template, string Style, string Script, string Cytoscape, string CytoscapeLicense);

    public static string Write(ReportModel model)
    {
        var page = Resources.Value;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = WebUtility.HtmlEncode(model.Title),
            ["csp"] = $"default-src 'none'; script-src {Hash(page.Cytoscape)} {Hash(page.Script)}; style-src 'unsafe-inline'; img-src data:",
            ["style"] = page.Style,
            ["data"] = DataJson(model),
            ["cytoscape"] = page.Cytoscape,
            ["cytoscape-license"] = WebUtility.HtmlEncode(page.CytoscapeLicense),
            ["script"] = page.Script,
        };
        return Fill(page.Template, values);
    }

    /// <summary>
    /// The model as JSON for a script element: '&lt;' is written as \u003c so no name can close the element
    /// (the serializer's default encoder does so already; this keeps it true whatever the encoder).
    /// </summary>
    internal static string DataJson(ReportModel model) =>
        JsonSerializer.Serialize(model, Json).Replace("<", "\\u003c", StringComparison.Ordinal);

    /// <summary>Replaces each {{name}} of the template once, left to right; inserted text is never scanned again.</summary>
    private static string Fill(string template, Dictionary<string, string> values)
    {
        var sb = new StringBuilder(template.Length + values.Values.Sum(v => v.Length));
        var at = 0;
        while (template.IndexOf("{{", at, StringComparison.Ordinal) is var open and >= 0)
        {
            var close = template.IndexOf("}}", open, StringComparison.Ordinal);
            var name = template[(open + 2)..close];
            sb.Append(template, at, open - at).Append(values[name]);
            at = close + 2;
        }
        return sb.Append(template, at, template.Length - at).ToString();
    }

    private static string Hash(string script) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'";

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream($"Netpact.Reports.Html.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        // Inlined scripts must not end their own element early.
        if (name.EndsWith(".js", StringComparison.Ordinal) && text.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{name} contains '</script' and cannot be inlined");
        return text;
    }
}
