using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Checks;
using Netpact.Audit;
using Netpact.Audit.Findings;
using Netpact.Audit.Targets;
using Netpact.Intents;
using Netpact.Verify;
using Netpact.Lint;
using Netpact.Model;
using Netpact.Reports.Html;
using Netpact.Sources;

namespace Netpact.Serve;

/// <summary>
/// One run of serve: reads the source, runs the check on it (<see cref="PactCheck"/>: analysis, lint, verify against
/// the intent, as 'netpact report' does) and audits the named endpoints. Every input file is read again, so edits
/// show up on the next run. A stage that fails is reported as a <see cref="RunError"/>; the other stages still run.
/// </summary>
public sealed class ServeRun(ServeConfig config, IClusterSource source, TimeProvider time)
{
    public async Task<RunReport> RunAsync(CancellationToken cancellation)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var errors = new List<RunError>();
        void Fail(string stage, IEnumerable<Diagnostic> diagnostics) =>
            errors.AddRange(diagnostics.Where(d => d.Severity == Severity.Error).Select(d => new RunError(stage, d.ToString())));

        var snapshot = await source.ReadAsync(cancellation).ConfigureAwait(false);
        Fail("analyze", snapshot.Diagnostics);
        if (snapshot.Cluster is null && errors.Count == 0) errors.Add(new RunError("analyze", $"{source.Description}: no cluster could be read"));
        var cluster = snapshot.Cluster;

        CheckResult? check = null;
        Intent? pact = null;
        if (cluster is not null)
        {
            cancellation.ThrowIfCancellationRequested();
            var lintConfig = ReadLintConfig(errors);
            var intentRead = ImmutableArray<Diagnostic>.Empty;
            if (config.Intent is { } intentPath)
            {
                var read = IntentReader.ReadFile(intentPath);
                intentRead = [.. read.Diagnostics];
                if (!read.HasErrors) pact = read.Intent;
            }
            check = PactCheck.Run(new CheckInput
            {
                Cluster = cluster,
                Paths = snapshot.Files,
                LintConfig = lintConfig ?? LintConfig.Empty,
                Lint = lintConfig is not null,
                Intent = pact,
                Description = source.Description,
            }, cancellation: cancellation);
            Fail("lint", check.Diagnostics.Where(d => d.Stage == CheckStage.Lint).Select(d => d.Diagnostic));
            Fail("verify", intentRead);
            Fail("verify", check.Diagnostics.Where(d => d.Stage == CheckStage.Verify).Select(d => d.Diagnostic));
        }
        var isolation = check is null ? null : Isolation(cluster!, check.Connectivity);

        AuditResult? audit = null;
        if (config.Audit is { } auditPath)
        {
            var builder = new AuditPlanBuilder();
            builder.ReadAuditFile(auditPath);
            var plan = builder.HasErrors ? null : builder.Build();
            Fail("audit", builder.Diagnostics);
            if (plan is not null) audit = await new Auditor(time).RunAsync(plan, null, cancellation).ConfigureAwait(false);
        }

        var findings = (check?.Findings ?? []).AddRange(audit is null ? [] : AuditFindings.Of(audit));
        var depth = pact is not null && check is { Verifications.IsEmpty: false } ? DefenseInDepth.Of(pact, check.Verifications) : [];
        ReportModel? page = null;
        if (check is not null)
        {
            cancellation.ThrowIfCancellationRequested();
            page = ReportModelBuilder.Build(check.Connectivity, new ReportInput { Title = $"netpact serve: {source.Description}", Intent = pact, Findings = findings, Depth = depth });
        }

        return new RunReport(started, time.GetElapsedTime(clock), source.Description, isolation, check?.Lint, pact?.Name,
            check?.Verifications ?? [], audit, [.. errors])
        {
            Page = page,
            Findings = findings,
            Depth = depth,
        };
    }

    /// <summary>The lint configuration, the empty one when there is none, or null (no lint) when it has errors.</summary>
    private LintConfig? ReadLintConfig(List<RunError> errors)
    {
        if (config.LintConfig is not { } path) return LintConfig.Empty;
        var read = LintConfigReader.ReadFile(path);
        if (!read.HasErrors) return read.Config;
        errors.AddRange(read.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => new RunError("lint", d.ToString())));
        return null;
    }

    /// <summary>Which workloads no policy selects, and which namespaces have no policy selecting all their pods, per direction.</summary>
    internal static IsolationFacts Isolation(Cluster cluster, Connectivity connectivity)
    {
        bool Isolated(Workload w, Direction d) => w.Pods.All(p => cluster.Policies.Any(pol =>
            pol.Namespace == w.Namespace && pol.Affects(d) && pol.PodSelector.Matches(p.Labels)));
        bool DefaultDeny(string ns, Direction d) => cluster.Policies.Any(p => p.Namespace == ns && p.Affects(d) && p.PodSelector.MatchesEverything);
        var namespaces = cluster.Namespaces.Select(n => n.Name).Concat(cluster.Workloads.Select(w => w.Namespace))
            .Concat(cluster.Policies.Select(p => p.Namespace)).Distinct(StringComparer.Ordinal).ToList();
        var connections = connectivity.Connections.Length;
        return new IsolationFacts(
            cluster.Workloads.Length,
            namespaces.Count,
            cluster.Workloads.Count(w => !Isolated(w, Direction.Ingress)),
            cluster.Workloads.Count(w => !Isolated(w, Direction.Egress)),
            namespaces.Count(ns => !DefaultDeny(ns, Direction.Ingress)),
            namespaces.Count(ns => !DefaultDeny(ns, Direction.Egress)),
            connections);
    }
}
