using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Audit;
using Netpact.Audit.Findings;
using Netpact.Audit.Targets;
using Netpact.Intent;
using Netpact.Lint;
using Netpact.Model;
using Netpact.Reports.Html;
using Netpact.Serve.Sources;

namespace Netpact.Serve;

/// <summary>
/// One run of serve: reads the source, analyzes it, lints it, verifies it against the intent and audits the named
/// endpoints. Every input file is read again, so edits show up on the next run. A stage that fails is reported
/// as a <see cref="RunError"/>; the other stages still run.
/// </summary>
public sealed class PactCheck(ServeConfig config, IClusterSource source, TimeProvider time)
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

        IsolationFacts? isolation = null;
        LintResult? lint = null;
        Connectivity? connectivity = null;
        if (cluster is not null)
        {
            cancellation.ThrowIfCancellationRequested();
            connectivity = ConnectivityEngine.Analyze(cluster);
            isolation = Isolation(cluster, connectivity);
            cancellation.ThrowIfCancellationRequested();
            lint = Lint(cluster, snapshot.Files, errors);
        }

        Intent.Intent? pact = null;
        var verifications = ImmutableArray<Verification>.Empty;
        if (config.Intent is { } intentPath && cluster is not null)
        {
            cancellation.ThrowIfCancellationRequested();
            var read = IntentReader.ReadFile(intentPath);
            Fail("verify", read.Diagnostics);
            if (!read.HasErrors && read.Intent is { } intent)
            {
                pact = intent;
                var diagnostics = new List<Diagnostic>();
                verifications = snapshot.Files.IsEmpty
                    ? [ManifestVerifier.Verify(intent, cluster, source.Description)]
                    : [.. IntentVerifier.VerifyFiles(intent, snapshot.Files, diagnostics)];
                Fail("verify", diagnostics);
            }
        }

        AuditResult? audit = null;
        if (config.Audit is { } auditPath)
        {
            var builder = new AuditPlanBuilder();
            builder.ReadAuditFile(auditPath);
            var plan = builder.HasErrors ? null : builder.Build();
            Fail("audit", builder.Diagnostics);
            if (plan is not null) audit = await new Auditor(time).RunAsync(plan, null, cancellation).ConfigureAwait(false);
        }

        ReportModel? page = null;
        if (connectivity is not null)
        {
            cancellation.ThrowIfCancellationRequested();
            var findings = (lint is null ? [] : LintFindings.Of(lint))
                .Concat(VerificationFindings.Of(verifications))
                .Concat(audit is null ? [] : AuditFindings.Of(audit));
            page = ReportModelBuilder.Build(connectivity, new ReportInput { Title = $"netpact serve: {source.Description}", Intent = pact, Findings = [.. findings] });
        }

        return new RunReport(started, time.GetElapsedTime(clock), source.Description, isolation, lint, pact?.Name, verifications, audit, [.. errors]) { Page = page };
    }

    private LintResult? Lint(Cluster cluster, ImmutableArray<string> files, List<RunError> errors)
    {
        var lintConfig = LintConfig.Empty;
        if (config.LintConfig is { } path)
        {
            var read = LintConfigReader.ReadFile(path);
            if (read.HasErrors)
            {
                errors.AddRange(read.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => new RunError("lint", d.ToString())));
                return null;
            }
            lintConfig = read.Config;
        }
        var sources = LintSources.Classify(files, "");
        var diagnostics = new List<Diagnostic>();
        var layers = sources.ReadLayers(diagnostics);
        if (diagnostics.Any(d => d.Severity == Severity.Error))
        {
            errors.AddRange(diagnostics.Where(d => d.Severity == Severity.Error).Select(d => new RunError("lint", d.ToString())));
            return null;
        }
        var facts = files.IsEmpty ? SourceFacts.None : SourceFacts.Read(sources.Manifests, TextReader.Null);
        return Linter.Run(new LintInput(cluster, facts, lintConfig)
        {
            Istio = layers.Istio,
            Compose = layers.Compose,
            SecurityGroups = layers.SecurityGroups,
        });
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
