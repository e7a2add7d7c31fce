using Netpact.Lint;

namespace Netpact.Tests.Lint;

/// <summary>Suppression by annotation and by configuration file; what a suppression covers, and what it does not.</summary>
public sealed class SuppressionTests
{
    private const string OpenWeb = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          annotations:
            netpact.io/ignore: "ZT003, ZT053 -- public demo, deleted nightly"
        spec:
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
        spec:
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: api
                  image: api
        """;

    [Fact]
    public void Annotation_with_reason_suppresses_its_rules_on_its_object_only()
    {
        var result = LintTestInput.LintText(OpenWeb);

        var web = result.Findings.Where(f => f.Rule.Id == "ZT003" && f.Workloads.Contains("shop/web[Deployment]")).ToList();
        var api = result.Findings.Where(f => f.Rule.Id == "ZT003" && f.Workloads.Contains("shop/api[Deployment]")).ToList();
        Assert.Single(web);
        Assert.True(web[0].IsSuppressed);
        Assert.Equal("public demo, deleted nightly", web[0].SuppressedBy!.Reason);
        Assert.True(web[0].SuppressedBy!.InSource);
        Assert.Single(api);
        Assert.False(api[0].IsSuppressed);
        Assert.DoesNotContain(result.Active, f => f.Rule.Id == "ZT090");
        // A rule the annotation does not name stays active on the same object.
        Assert.Contains(result.Active, f => f.Rule.Id == "ZT051" && f.Workloads.Contains("shop/web[Deployment]"));
    }

    [Fact]
    public void Annotation_on_a_namespace_covers_everything_in_it()
    {
        var yaml = OpenWeb + """

            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              annotations:
                netpact.io/ignore: ZT003 -- sandbox namespace, no data
            """;

        var result = LintTestInput.LintText(yaml);

        Assert.All(result.Findings.Where(f => f.Rule.Id == "ZT003"), f => Assert.True(f.IsSuppressed));
        Assert.NotEmpty(result.Findings.Where(f => f.Rule.Id == "ZT003"));
    }

    [Fact]
    public void Suppression_without_reason_still_applies_but_is_a_finding_itself()
    {
        var result = LintTestInput.LintText(OpenWeb.Replace(" -- public demo, deleted nightly", "", StringComparison.Ordinal));

        Assert.True(result.Findings.Single(f => f.Rule.Id == "ZT003" && f.Workloads.Contains("shop/web[Deployment]")).IsSuppressed);
        var invalid = Assert.Single(result.Active, f => f.Rule.Id == "ZT090");
        Assert.Equal(7, invalid.Span.Line);
        Assert.Contains("gives no reason", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_file_suppresses_by_target_and_reports_entries_without_reason()
    {
        var config = LintConfigReader.ReadText("""
            ignore:
              - rule: ZT003
                target: shop/api
                reason: internal batch job
              - rule: ZT051
            clients:
              data/postgresql: [shop/api]
            """, "lint.yaml");
        Assert.False(config.HasErrors);

        var result = LintTestInput.LintText(OpenWeb, config.Config);

        var api = result.Findings.Single(f => f.Rule.Id == "ZT003" && f.Workloads.Contains("shop/api[Deployment]"));
        Assert.Equal("internal batch job", api.SuppressedBy!.Reason);
        Assert.False(api.SuppressedBy.InSource);
        Assert.All(result.Findings.Where(f => f.Rule.Id == "ZT051"), f => Assert.True(f.IsSuppressed));
        var invalid = Assert.Single(result.Active, f => f.Rule.Id == "ZT090");
        Assert.Equal(new Netpact.Model.SourceSpan("lint.yaml", 5, 11), invalid.Span);
    }

    [Theory]
    [InlineData("ignore:\n  - rule: ZT003\n    targte: shop/api\n", "lint.yaml:3:5: error: unknown key 'targte' in an 'ignore' entry")]
    [InlineData("ignore:\n  - target: shop/api\n", "lint.yaml:2:5: error: an 'ignore' entry needs a 'rule'")]
    [InlineData("clients:\n  data/db: shop/api\n", "lint.yaml:2:12: error: 'clients.data/db' must be a list")]
    [InlineData("ignore: [\n", "lint.yaml:2:1: error: ")]
    [InlineData("suppress: []\n", "lint.yaml:1:1: error: unknown key 'suppress' in the lint configuration")]
    public void Bad_config_is_a_located_error(string text, string expectedStart)
    {
        var result = LintConfigReader.ReadText(text, "lint.yaml");

        Assert.True(result.HasErrors);
        Assert.StartsWith(expectedStart, result.Diagnostics[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_suppression_finding_cannot_itself_be_suppressed()
    {
        var config = LintConfigReader.ReadText("ignore:\n  - rule: ZT090\n    reason: silence everything\n", "lint.yaml").Config;

        var result = LintTestInput.LintText(OpenWeb.Replace(" -- public demo, deleted nightly", "", StringComparison.Ordinal), config);

        Assert.Single(result.Active, f => f.Rule.Id == "ZT090");
    }

    [Fact]
    public void Annotation_on_a_cluster_scoped_policy_suppresses_its_finding()
    {
        var result = LintTestInput.LintText("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: default-deny
              annotations:
                netpact.io/ignore: "ZT017 -- reviewed by hand with the platform team"
            spec:
              selector: all()
            ---
            apiVersion: crd.antrea.io/v1beta1
            kind: NetworkPolicy
            metadata:
              name: web
              namespace: shop
            spec: {}
            """);

        var findings = result.Findings.Where(f => f.Rule.Id == "ZT017").ToList();
        Assert.Equal([("GlobalNetworkPolicy", "", "default-deny", true), ("NetworkPolicy", "shop", "web", false)],
            findings.Select(f => (f.Subjects[0].Kind, f.Subjects[0].Namespace, f.Subjects[0].Name, f.IsSuppressed)));
    }
}
