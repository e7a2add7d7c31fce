using System.Text.RegularExpressions;
using Netpact.Audit.Findings;
using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Findings;

/// <summary>
/// docs/audit.md's table of every testssl.sh 3.2.3 id is the code's table (TestsslIds), and the ids the
/// audits emit are the ones the table names: an id marked checked is written, an id written is listed.
/// </summary>
public sealed partial class TestsslIdTableTests(AuditLab lab)
{
    private const string Start = "<!-- testssl-ids:start -->";
    private const string End = "<!-- testssl-ids:end -->";

    private static string Row(TestsslIdMapping m) =>
        $"| `{m.TestsslId}` | {(m.NetpactId is null ? "—" : $"`{m.NetpactId}`")} | {m.Coverage switch { Coverage.Checked => "yes", Coverage.Partly => "partly", _ => "no" }} | {m.Note} |";

    [Fact]
    public void The_docs_table_is_the_code_table()
    {
        var docs = File.ReadAllText(Path.Combine(AuditLab.RepoRoot, "docs", "audit.md"));
        var start = docs.IndexOf(Start, StringComparison.Ordinal);
        var end = docs.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/audit.md has no table between {Start} and {End}");
        var rows = docs[(start + Start.Length)..end].Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        var expected = TestsslIds.All.Select(Row).ToList();

        Assert.Equal(string.Join('\n', expected), string.Join('\n', rows));
    }

    [Fact]
    public void Every_testssl_id_is_listed_once()
    {
        var duplicates = TestsslIds.All.GroupBy(m => m.TestsslId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
        Assert.All(TestsslIds.All.Where(m => m.Coverage != Coverage.NotChecked), m => Assert.False(string.IsNullOrEmpty(m.NetpactId) && string.IsNullOrEmpty(m.Note), m.TestsslId));
    }

    [Fact]
    public async Task Every_id_an_audit_writes_is_in_the_table_and_every_checked_id_is_written()
    {
        var weak = await lab.AuditOnceAsync(lab.WeakArgs("json"));
        var strong = await lab.AuditOnceAsync(lab.StrongArgs("json"));
        var written = new AuditJsonView(weak.Stdout).Findings.Concat(new AuditJsonView(strong.Stdout).Findings).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var known = TestsslIds.All.Select(m => m.NetpactId).OfType<string>().Concat(TestsslIds.NetpactOnly).Select(Pattern).ToList();

        var unlisted = written.Where(id => !known.Any(k => k.IsMatch(id))).Order(StringComparer.Ordinal).ToList();
        // Written only when something goes wrong, for h2 or for an Age header: no lab endpoint triggers them.
        string[] situational = ["scanProblem", "host_certificate_Problem", "ALPN_HTTP2", "HTTP_headerAge"];
        var unwritten = TestsslIds.All.Where(m => m.Coverage == Coverage.Checked && !situational.Contains(m.NetpactId))
            .Where(m => !written.Any(id => Pattern(m.NetpactId!).IsMatch(id))).Select(m => m.TestsslId).ToList();

        Assert.Empty(unlisted);
        Assert.Empty(unwritten);
    }

    private static Regex Pattern(string id) => new("^" + Placeholder().Replace(Regex.Escape(id), ".+") + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex("<[a-z]+>")]
    private static partial Regex Placeholder();
}
