using Netpact.Lint;

namespace Netpact.Tests.Lint;

/// <summary>
/// The acceptance cases on the reference example: the seed's own policies (examples/noa-server/manifests) have
/// known gaps (see its README), which lint must name.
/// </summary>
public sealed class SeedLintTests
{
    private static readonly string Seed = Path.Combine(TestPaths.Examples, "noa-server", "manifests");

    private static LintResult LintSeed() => LintTestInput.Lint([Seed]);

    [Fact]
    public void Seed_reports_DNS_over_TCP_blocked_for_every_client_of_the_resolver()
    {
        var tcp = LintSeed().Active.Where(f => f.Rule.Id == "ZT011" && f.Message.StartsWith("DNS over TCP is blocked", StringComparison.Ordinal)).ToList();

        // Gap 2: allow-dns opens UDP 53 only. Every workload but CoreDNS itself is a client.
        Assert.Equal(8, tcp.Count);
        Assert.Contains(tcp, f => f.Workloads.Contains("noa-server/noa-server[Deployment]"));
        Assert.All(tcp, f => Assert.Equal(LintSeverity.Error, f.Severity));
    }

    [Fact]
    public void Seed_reports_DNS_over_UDP_blocked_at_the_resolver_ingress()
    {
        var udp = LintSeed().Active.Where(f => f.Rule.Id == "ZT011" && f.Message.StartsWith("DNS over UDP is blocked", StringComparison.Ordinal)).ToList();

        // Gap 1: CoreDNS is isolated for ingress by default-deny-all and no policy admits DNS to it.
        Assert.Equal(8, udp.Count);
        Assert.All(udp, f => Assert.Contains("kube-system/coredns[Deployment]'s ingress policies do not admit it", f.Message, StringComparison.Ordinal));
        Assert.All(udp, f => Assert.EndsWith(Path.Combine("base", "kube-system.yaml"), f.Span.File, StringComparison.Ordinal));
    }

    [Fact]
    public void Seed_reports_the_separate_peers_of_postgresql_policy()
    {
        var split = Assert.Single(LintSeed().Active, f => f.Rule.Id == "ZT008");

        // Gap 11: '- namespaceSelector {name: noa-server}' and '- podSelector {app: noa-server}' are ORed.
        Assert.EndsWith(Path.Combine("databases", "postgresql-policy.yaml"), split.Span.File, StringComparison.Ordinal);
        Assert.Equal(21, split.Span.Line);
        Assert.Contains("databases/postgresql-policy", split.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_reports_allow_dns_broader_than_the_resolver_in_every_namespace()
    {
        // Gap 4: a bare namespaceSelector opens UDP 53 to every pod of kube-system.
        var broad = LintSeed().Active.Where(f => f.Rule.Id == "ZT012").ToList();

        Assert.Equal(6, broad.Count);
        Assert.All(broad, f => Assert.Contains("allow-dns", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Seed_containers_follow_the_container_practices()
    {
        // The seed's workloads set runAsNonRoot, readOnlyRootFilesystem, drop ALL and limits, and none uses hostNetwork.
        Assert.DoesNotContain(LintSeed().Findings, f => f.Rule.Id is "ZT050" or "ZT051" or "ZT052" or "ZT053" or "ZT054");
    }
}
