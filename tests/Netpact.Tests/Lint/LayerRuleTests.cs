using Netpact.Lint;

namespace Netpact.Tests.Lint;

/// <summary>Istio, Compose and AWS rules beyond their fires/silent cases: Istio's PERMISSIVE default, suppression of other layers.</summary>
public sealed class LayerRuleTests
{
    private static string TempFile(string name, string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"netpact-layers-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Namespace_with_authorization_but_no_mtls_mode_is_reported_as_permissive_by_default()
    {
        var file = TempFile("istio.yaml", """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: web
              namespace: shop
            spec:
              selector:
                matchLabels:
                  app: web
              action: ALLOW
              rules:
                - from:
                    - source:
                        principals: ["cluster.local/ns/edge/sa/gateway"]
            """);
        try
        {
            var finding = Assert.Single(LintTestInput.Lint([file]).Active, f => f.Rule.Id == "ZT020");

            Assert.Contains("namespace shop has AuthorizationPolicies but no PeerAuthentication", finding.Message, StringComparison.Ordinal);
            Assert.Equal(1, finding.Span.Line);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void Security_group_rules_read_terraform_state_the_default_group_included()
    {
        var state = Path.Combine(TestPaths.TestData, "security-group-shapes", "terraform.tfstate");

        var result = LintTestInput.Lint([state]);

        Assert.Equal(2, result.Active.Count(f => f.Rule.Id == "ZT042"));
        Assert.Contains("sg-8597b253e2b6baf07 (web) admits TCP 22", Assert.Single(result.Active, f => f.Rule.Id == "ZT040").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_and_security_group_findings_are_suppressed_by_config_target()
    {
        var compose = TempFile("docker-compose.yml", "name: shop\nservices:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n");
        var groups = Path.Combine(Path.GetDirectoryName(compose)!, "groups.json");
        File.Copy(Path.Combine(TestPaths.TestData, "lint", "ZT041", "fires.json"), groups);
        try
        {
            var config = LintConfigReader.ReadText("""
                ignore:
                  - rule: ZT032
                    target: shop/web
                    reason: the demo is served on every interface on purpose
                  - rule: ZT041
                    target: aws/sg-0123456789abcdef0
                    reason: egress is filtered by the NAT's firewall
                """, "lint.yaml").Config;

            var result = LintTestInput.Lint([Path.GetDirectoryName(compose)!], config);

            Assert.True(Assert.Single(result.Findings, f => f.Rule.Id == "ZT032").IsSuppressed);
            Assert.True(Assert.Single(result.Findings, f => f.Rule.Id == "ZT041").IsSuppressed);
            Assert.Empty(result.Active);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(compose)!, recursive: true);
        }
    }
}
