using System.CommandLine;
using System.Globalization;
using Netpact.Audit;
using Netpact.Audit.Reports;
using Netpact.Audit.Targets;
using Netpact.Model;

namespace Netpact.Cli;

internal static class AuditCommand
{
    public static Command Create(CliIO io)
    {
        var file = new Argument<string?>("AUDIT_FILE")
        {
            Description = "An audit file (apiVersion: netpact/v1, kind: Audit) listing endpoints, expected profiles and allowed ports",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var tls = new Option<string[]>("--tls") { Description = "A TLS endpoint HOST:PORT to probe (protocols, suites, certificate, grade); repeatable" };
        var http = new Option<string[]>("--http") { Description = "A site URL to grade like the Mozilla HTTP Observatory; give its http:// and https:// URLs; repeatable" };
        var ports = new Option<string[]>("--ports") { Description = "HOST:PORTS to connect-scan, e.g. 127.0.0.1:1-65535 (one host each; no ranges of hosts); repeatable" };
        var allow = new Option<string[]>("--allow") { Description = "HOST:PORTS allowed to be open on a scanned host; others open are findings; repeatable" };
        var resolve = new Option<string[]>("--resolve") { Description = "NAME:PORT:ADDRESS: reach NAME on PORT at ADDRESS (like curl), keeping the name for SNI and Host; repeatable" };
        var follow = new Option<string[]>("--follow-redirects-to") { Description = "HOST a named site may redirect to; redirects to other hosts are reported, not followed; repeatable" };
        var dns = new Option<string?>("--dns") { Description = "RESOLVER (IP[:PORT]) to ask for CAA records of the TLS endpoints' names; without it no DNS query is made" };
        var ca = new Option<string?>("--ca") { Description = "PEM file of CA certificates to trust instead of the system store" };
        var profile = new Option<string?>("--profile") { Description = "The Mozilla TLS profile every endpoint must meet: modern, intermediate or old" };
        var intent = new Option<string?>("--intent") { Description = "An intent file: public endpoints must meet the modern profile and be HTTPS only" };
        var format = new Option<AuditFormat>("--format", "-f") { Description = "Output format: txt, json, sarif, md or prometheus", DefaultValueFactory = _ => AuditFormat.Txt };
        var output = new Option<string?>("--output", "-o") { Description = "Write the output to this file instead of stdout" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each connection and reply", DefaultValueFactory = _ => AuditLimits.Default.Timeout.TotalSeconds };
        var concurrency = new Option<int>("--port-concurrency") { Description = "Port scan: connection attempts in flight at once", DefaultValueFactory = _ => AuditLimits.Default.PortConcurrency };
        var perTarget = new Option<int>("--connections-per-target") { Description = "TLS probes in flight at once against one host", DefaultValueFactory = _ => AuditLimits.DefaultConnectionsPerTarget };
        var budget = new Option<double>("--port-budget") { Description = "Port scan: overall time budget per host in seconds", DefaultValueFactory = _ => AuditLimits.Default.PortBudget.TotalSeconds };
        var force = ManifestInput.ForceOption();
        var command = new Command("audit", "Probe live endpoints: TLS versions, suites and certificate, HTTP security headers graded like the Mozilla Observatory, and open ports")
        {
            file, tls, http, ports, allow, resolve, follow, dns, ca, profile, intent, format, output, force, timeout, concurrency, budget, perTarget,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            if (!ManifestInput.OutputAllowed(parse.GetValue(output), [parse.GetValue(file), parse.GetValue(intent), parse.GetValue(ca)], parse.GetValue(force), io))
                return ExitCodes.BadInput;
            var builder = new AuditPlanBuilder();
            var t = parse.GetValue(timeout);
            var c = parse.GetValue(concurrency);
            var b = parse.GetValue(budget);
            var n = parse.GetValue(perTarget);
            if (t is <= 0 or > 120 || c is < 1 or > 4096 || b is <= 0 or > 86400 || n is < 1 or > 256)
            {
                io.Stderr.WriteLine("netpact: error: --timeout must be in (0, 120] seconds, --port-concurrency in 1..4096, --port-budget in (0, 86400] seconds, --connections-per-target in 1..256");
                return ExitCodes.BadInput;
            }
            builder.Limits = new AuditLimits(TimeSpan.FromSeconds(t), c, TimeSpan.FromSeconds(b)) { ConnectionsPerTarget = n };
            SourceSpan Option(string name) => new(name, 0, 0);
            if (parse.GetValue(file) is { } auditFile) builder.ReadAuditFile(auditFile);
            if (parse.GetValue(intent) is { } intentFile) builder.UseIntent(intentFile, Option("--intent"));
            if (parse.GetValue(ca) is { } caFile) builder.AddTrustAnchors(caFile, Option("--ca"));
            if (parse.GetValue(profile) is { } p) builder.SetProfile(p, Option("--profile"));
            foreach (var r in parse.GetValue(resolve) ?? []) builder.AddResolve(r, Option("--resolve"));
            if (parse.GetValue(dns) is { } resolver) builder.SetDns(resolver, Option("--dns"));
            foreach (var x in parse.GetValue(tls) ?? []) builder.AddTls(x, Option("--tls"));
            foreach (var x in parse.GetValue(follow) ?? []) builder.AddFollowRedirectsTo(x, Option("--follow-redirects-to"));
            foreach (var x in parse.GetValue(http) ?? []) builder.AddHttp(x, Option("--http"));
            foreach (var x in parse.GetValue(ports) ?? []) builder.AddPorts(x, Option("--ports"));
            foreach (var x in parse.GetValue(allow) ?? []) builder.AddPorts(x, Option("--allow"), allowed: true);
            var plan = builder.Build();
            foreach (var d in builder.Diagnostics) io.Stderr.WriteLine(d);
            if (plan is null) return ExitCodes.BadInput;

            var progress = io.StderrIsTerminal ? new ProgressBar(io.Stderr) : null;
            progress?.Report(new AuditProgress(0, plan.Units, "starting"));
            var result = await new Auditor(TimeProvider.System).RunAsync(plan, progress, cancellation).ConfigureAwait(false);
            progress?.Finish();
            if (io.StderrIsTerminal)
                io.Stderr.WriteLine($"netpact: {AuditReport.Summary(result)} in {result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            return CliErrors.Guard(io, () =>
            {
                ManifestInput.Write(AuditReport.Write(result, parse.GetValue(format)), parse.GetValue(output), io);
                return result.HasProblems ? ExitCodes.Findings : ExitCodes.Success;
            });
        });
        return command;
    }

    /// <summary>A one-line bar on the terminal while endpoints are probed.</summary>
    private sealed class ProgressBar(TextWriter stderr) : IProgress<AuditProgress>
    {
        private readonly Lock _lock = new();

        public void Report(AuditProgress value)
        {
            lock (_lock)
            {
                const int width = 24;
                var filled = value.Total == 0 ? width : value.Done * width / value.Total;
                stderr.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {value.Done}/{value.Total} {Truncate(value.Current)}\u001b[K");
                stderr.Flush();
            }
        }

        public void Finish()
        {
            lock (_lock)
            {
                stderr.Write("\r\u001b[K");
                stderr.Flush();
            }
        }

        private static string Truncate(string s) => s.Length > 50 ? s[..47] + "..." : s;
    }
}
