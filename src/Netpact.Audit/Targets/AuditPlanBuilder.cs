using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Netpact.Audit.Tls;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Audit.Targets;

/// <summary>
/// Collects targets from the command line, an audit file and an intent, checks each, and builds the
/// plan. Every problem is a <see cref="Diagnostic"/> naming where it was written; nothing is contacted here.
/// </summary>
public sealed class AuditPlanBuilder
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly List<(NetworkEndpoint Endpoint, ProfileName? Profile, string? Workload, SourceSpan Span)> _tls = [];
    private readonly List<(Uri Url, string? Workload, SourceSpan Span)> _http = [];
    private readonly Dictionary<string, (ImmutableArray<int> Ports, SourceSpan Span)> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<int>> _allowed = new(StringComparer.Ordinal);
    private readonly ResolveOverrides _resolve = new();
    private readonly List<string> _followRedirectsTo = [];
    private System.Net.IPEndPoint? _dns;
    private X509Certificate2Collection? _anchors;
    private ProfileName? _defaultProfile;
    private IntentExpectations? _intent;
    private string? _intentPath;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Any(d => d.Severity == Severity.Error);

    public AuditLimits Limits { get; set; } = AuditLimits.Default;

    private void Error(SourceSpan span, string message) => _diagnostics.Add(Diagnostic.Error(span, message));

    internal void AddDiagnostic(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    public void AddTls(string text, SourceSpan span, ProfileName? profile = null, string? workload = null)
    {
        var endpoint = NetworkEndpoint.TryParse(text, out var error);
        if (endpoint is null) Error(span, $"TLS target {error}");
        else _tls.Add((endpoint, profile, workload, span));
    }

    public void AddHttp(string text, SourceSpan span, string? workload = null)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            Error(span, $"'{text}' is not an http:// or https:// URL");
            return;
        }
        if (!HostName.IsValid(url.Host.Trim('[', ']')))
        {
            Error(span, $"'{url.Host}' in '{text}' is not a host name or an IP address");
            return;
        }
        _http.Add((url, workload, span));
    }

    /// <summary>HOST:PORTS, e.g. 127.0.0.1:1-65535 or [::1]:22,443. One host only: ranges of hosts are refused.</summary>
    public void AddPorts(string text, SourceSpan span, bool allowed = false)
    {
        if (!SplitHostPorts(text, span, out var host, out var portsText)) return;
        var ports = PortList.TryParse(portsText, out var error);
        if (ports is null)
        {
            Error(span, error);
            return;
        }
        if (allowed) _allowed[host] = ports.Value;
        else _ports[host] = (ports.Value, span);
    }

    public void AddAllowed(string host, string portsText, SourceSpan span)
    {
        if (portsText.Trim().Length == 0)
        {
            _allowed[host.ToLowerInvariant()] = [];
            return;
        }
        var ports = PortList.TryParse(portsText, out var error);
        if (ports is null) Error(span, error);
        else _allowed[host.ToLowerInvariant()] = ports.Value;
    }

    private bool SplitHostPorts(string text, SourceSpan span, out string host, out string ports)
    {
        host = ports = "";
        text = text.Trim();
        int colon;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            colon = close < 0 ? -1 : close + 1;
            if (colon >= text.Length || colon < 0 || text[colon] != ':') colon = -1;
            host = close < 0 ? "" : text[1..close];
        }
        else
        {
            colon = text.LastIndexOf(':');
            host = colon < 0 ? "" : text[..colon];
        }
        if (colon < 0 || host.Length == 0)
        {
            Error(span, $"'{text}' is not HOST:PORTS (for example 127.0.0.1:22,80,8000-8100)");
            return false;
        }
        if (host.Contains('/', StringComparison.Ordinal) || host.Contains('*', StringComparison.Ordinal) || host.Contains('-', StringComparison.Ordinal) && System.Net.IPAddress.TryParse(host.Split('-')[0], out _))
        {
            Error(span, $"'{host}' is a range of hosts; netpact scans only hosts named one by one (list each host)");
            return false;
        }
        if (!HostName.IsValid(host))
        {
            Error(span, $"'{host}' is not a host name or an IP address");
            return false;
        }
        host = host.ToLowerInvariant();
        ports = text[(colon + 1)..];
        return true;
    }

    /// <summary>A host a named site may redirect to and the audit may then contact (one host, no range).</summary>
    public void AddFollowRedirectsTo(string text, SourceSpan span)
    {
        var host = text.Trim().Trim('[', ']');
        if (!HostName.IsValid(host)) Error(span, $"'{text}' is not a host name or an IP address (one host: no ranges, no port)");
        else _followRedirectsTo.Add(host.ToLowerInvariant());
    }

    /// <summary>The resolver CAA records are asked from (--dns): an IP address, with :port (default 53).</summary>
    public void SetDns(string text, SourceSpan span)
    {
        var t = text.Trim();
        if (System.Net.IPEndPoint.TryParse(t, out var endpoint))
        {
            _dns = endpoint.Port == 0 ? new System.Net.IPEndPoint(endpoint.Address, 53) : endpoint;
        }
        else
        {
            Error(span, $"'{text}' is not a resolver address: give an IP address, optionally with :PORT ([v6]:PORT)");
        }
    }

    public void AddResolve(string text, SourceSpan span)
    {
        if (!_resolve.TryAdd(text, out var error)) Error(span, error);
    }

    public void SetProfile(string text, SourceSpan span)
    {
        if (ParseProfile(text) is { } p) _defaultProfile = p;
        else Error(span, $"unknown profile '{text}'; use modern, intermediate or old");
    }

    public static ProfileName? ParseProfile(string text) => text.Trim().ToLowerInvariant() switch
    {
        "modern" => ProfileName.Modern,
        "intermediate" => ProfileName.Intermediate,
        "old" => ProfileName.Old,
        _ => null,
    };

    public void AddTrustAnchors(string path, SourceSpan span)
    {
        try
        {
            _anchors ??= [];
            var before = _anchors.Count;
            _anchors.ImportFromPemFile(path);
            if (_anchors.Count == before) Error(span, $"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            Error(span, $"cannot read the CA file {path}: {e.Message}");
        }
    }

    public void UseIntent(string path, SourceSpan span)
    {
        var read = IntentReader.ReadFile(path);
        foreach (var d in read.Diagnostics) _diagnostics.Add(d);
        if (read.HasErrors)
        {
            if (read.Diagnostics.IsEmpty) Error(span, $"cannot read the intent {path}");
            return;
        }
        _intent = IntentExpectations.Derive(read.Intent!);
        _intentPath = path;
        if (_intent.PublicWorkloads.IsEmpty)
            _diagnostics.Add(Diagnostic.Warning(span, $"the intent {path} has no flow from the internet to a zone with internal: false; no endpoint is public"));
    }

    public void ReadAuditFile(string path) => AuditFileReader.Read(path, this);

    public AuditPlan? Build()
    {
        if (_tls.Count + _http.Count + _ports.Count == 0)
            Error(new SourceSpan("netpact audit", 0, 0), "nothing to audit: give --tls HOST:PORT, --http URL, --ports HOST:PORTS or an audit file");
        foreach (var host in _allowed.Keys.Where(h => !_ports.ContainsKey(h)))
            _diagnostics.Add(Diagnostic.Warning(new SourceSpan("--allow", 0, 0), $"allowed ports are given for {host} but no port scan of it (add --ports {host}:PORTS)"));
        foreach (var workload in _tls.Select(t => (t.Workload, t.Span)).Concat(_http.Select(h => (h.Workload, h.Span))).Where(w => w.Workload is not null))
        {
            if (_intent is null) Error(workload.Span, $"workload '{workload.Workload}' needs an intent (intent: in the audit file, or --intent)");
            else if (!_intent.PublicWorkloads.ContainsKey(workload.Workload!))
                _diagnostics.Add(Diagnostic.Warning(workload.Span, $"workload '{workload.Workload}' is not public in the intent (no flow from the internet reaches it); no profile is derived"));
        }
        if (HasErrors) return null;

        bool IsPublic(string? workload, int port) =>
            _intent is not null && (workload is not null ? _intent.PublicWorkloads.ContainsKey(workload) : _intent.PublicPorts.Contains(port));

        var tls = _tls.DistinctBy(t => t.Endpoint).Select(t =>
        {
            if (t.Profile is { } p) return new TlsTarget(t.Endpoint, p, "audit file");
            if (IsPublic(t.Workload, t.Endpoint.Port)) return new TlsTarget(t.Endpoint, ProfileName.Modern, $"intent {_intentPath}: public endpoint");
            return new TlsTarget(t.Endpoint, _defaultProfile, _defaultProfile is null ? null : "--profile");
        }).ToImmutableArray();

        var http = _http.GroupBy(h => h.Url.Host.Trim('[', ']').ToLowerInvariant()).Select(g =>
        {
            var httpsUrl = g.FirstOrDefault(h => h.Url.Scheme == "https").Url;
            var httpUrl = g.FirstOrDefault(h => h.Url.Scheme == "http").Url;
            var path = (httpsUrl ?? httpUrl)!.PathAndQuery;
            httpsUrl ??= new Uri($"https://{g.First().Url.Host}{path}");
            httpUrl ??= new Uri($"http://{httpsUrl.Host}{path}");
            var workload = g.Select(h => h.Workload).FirstOrDefault(w => w is not null);
            return new HttpTarget(g.Key, httpUrl, httpsUrl, IsPublic(workload, httpsUrl.Port));
        }).ToImmutableArray();

        var publicHosts = tls.Where(t => t.ExpectationSource?.StartsWith("intent", StringComparison.Ordinal) == true).Select(t => t.Endpoint.Host)
            .Concat(http.Where(h => h.HttpsOnly).Select(h => h.Host)).ToHashSet(StringComparer.Ordinal);
        var ports = _ports.Select(kv =>
        {
            if (_allowed.TryGetValue(kv.Key, out var allowed)) return new PortTarget(kv.Key, kv.Value.Ports, allowed, "--allow");
            if (publicHosts.Contains(kv.Key) && _intent is not null) return new PortTarget(kv.Key, kv.Value.Ports, [.. _intent.PublicPorts.Order()], $"intent {_intentPath} (HTTPS only)");
            return new PortTarget(kv.Key, kv.Value.Ports, null, null);
        }).ToImmutableArray();
        return new AuditPlan(tls, http, ports, _resolve, _anchors, Limits) { FollowRedirectsTo = [.. _followRedirectsTo.Distinct(StringComparer.Ordinal)], DnsResolver = _dns };
    }
}
