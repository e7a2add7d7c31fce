using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Netpact.Audit.Net;
using Netpact.Audit.Tls;

namespace Netpact.Audit.Http;

/// <summary>
/// Fetches a site the way Observatory 1.4.8's retriever does: the plain-HTTP and the HTTPS URL each in a
/// session that records every redirect (at most 10) and keeps a cookie jar; a certificate error makes a
/// session start over without verification (and marks its responses unverified); then robots.txt and a
/// CORS preflight with the Observatory's Origin. A redirect is followed only to a host on the allow-list
/// (named as a target, or with --follow-redirects-to); any other is recorded, chain and all, and not requested.
/// </summary>
public sealed class HttpRetriever(Connector connector, X509Certificate2Collection? trustAnchors, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly X509Certificate2Collection? _trustAnchors = trustAnchors;
    public const string CorsOrigin = "https://http-observatory.security.mozilla.org";
    private readonly Connector _connector = connector;
    private const int MaxRedirects = 10;
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private static readonly int[] RedirectStatuses = [301, 302, 303, 307, 308];

    // Node.js's default cipher list (tls.DEFAULT_CIPHERS: the forward-secret suites first, then OpenSSL's HIGH without
    // CAMELLIA, PSK, SRP), as far as .NET names the suites; unknown to the system OpenSSL, a suite is left out.
    private static readonly TlsCipherSuite[] NodeSuites =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256, TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA, TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256, TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA, TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
    ];

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static CipherSuitesPolicy NodeCipherSuites => s_nodeCipherSuites ??= new CipherSuitesPolicy(NodeSuites);

    private static CipherSuitesPolicy? s_nodeCipherSuites;

    // Node's HTTP parser keeps only the first of these when a response repeats them.
    private static readonly HashSet<string> SingleValued = new(StringComparer.OrdinalIgnoreCase)
    {
        "age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host", "if-modified-since",
        "if-unmodified-since", "last-modified", "location", "max-forwards", "proxy-authorization", "referer", "retry-after", "server", "user-agent",
    };

    public async Task<SiteRetrieval> RetrieveAsync(string hostname, Uri httpUrl, Uri httpsUrl, CancellationToken cancellation)
    {
        var httpSession = new Session(this, httpUrl);
        var httpsSession = new Session(this, httpsUrl);
        var breach = httpsUrl.Scheme == Uri.UriSchemeHttps ? new Session(this, httpsUrl).CompressionsAsync(cancellation) : Task.FromResult<HttpCompression?>(null);
        await Task.WhenAll(httpSession.InitAsync(cancellation), httpsSession.InitAsync(cancellation), breach).ConfigureAwait(false);
        var session = httpsSession.Failed ? httpSession : httpsSession;
        var auto = session.Response;
        HttpResponseData? cors = null;
        string? error = null;
        if (auto is null)
        {
            error = $"the site cannot be reached over HTTP or HTTPS (HTTPS: {httpsSession.FailureReason}; HTTP: {httpSession.FailureReason})";
        }
        else
        {
            if (session.RetriedUnverified) await session.FetchRobotsAsync(cancellation).ConfigureAwait(false);
            var corsUrl = session.History.LastOrDefault(h => h.Followed)?.Url ?? session.Url;
            cors = await session.PreflightAsync(corsUrl, cancellation).ConfigureAwait(false);
        }
        var equiv = auto is not null && IsHtml(auto) ? HtmlFacts.HttpEquiv(auto.Body) : ImmutableDictionary<string, ImmutableArray<string>>.Empty;
        return new SiteRetrieval(hostname, httpSession.Response, httpsSession.Response, [.. httpSession.History], auto, session.Url,
            session.Jar.All, cors, equiv, error, [.. httpSession.NotFollowed.Concat(httpsSession.NotFollowed).Distinct(StringComparer.Ordinal)])
        {
            HttpFailure = httpSession.FailureReason,
            HttpsFailure = httpsSession.FailureReason,
            Compression = await breach.ConfigureAwait(false),
        };
    }

    /// <summary>The Observatory's HTML test: the media type before ';', exactly as sent.</summary>
    public static bool IsHtml(HttpResponseData response) =>
        (response.Header("content-type") ?? "").Split(';')[0] is "text/html" or "application/xhtml+xml";

    private sealed class Session(HttpRetriever owner, Uri url)
    {
        public Uri Url { get; } = url;
        public CookieJar Jar { get; } = new();
        public List<RedirectEntry> History { get; } = [];
        public HttpResponseData? Response { get; private set; }
        public bool Failed { get; private set; }
        public bool RetriedUnverified { get; private set; }
        public string? FailureReason { get; private set; }
        public List<string> NotFollowed { get; } = [];
        private bool _verify = true;
        private bool _certificateRejected;

        public async Task InitAsync(CancellationToken cancellation)
        {
            using var client = CreateClient(_verify);
            try
            {
                Response = await FetchRecordingAsync(client, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransportFailure(e) && !cancellation.IsCancellationRequested)
            {
                if (_certificateRejected && _verify)
                {
                    History.Clear();
                    _verify = false;
                    RetriedUnverified = true;
                    await InitAsync(cancellation).ConfigureAwait(false);
                    return;
                }
                Failed = true;
                Response = null;
                FailureReason = Describe(e);
            }
        }

        private async Task<HttpResponseData> FetchRecordingAsync(HttpClient client, CancellationToken cancellation)
        {
            var current = Url;
            for (var redirects = 0; ; redirects++)
            {
                var response = await SendAsync(client, HttpMethod.Get, current, null, cancellation).ConfigureAwait(false);
                History.Add(new RedirectEntry(current, response.Status));
                Jar.Store(current, response.SetCookies);
                if (redirects < MaxRedirects && RedirectStatuses.Contains(response.Status))
                {
                    // A 3xx without Location resolves "undefined", as the Observatory's new URL(undefined, base) does.
                    var next = new Uri(current, response.Header("location") ?? "undefined");
                    if (!MayFollow(current, response.Status, next))
                    {
                        History.Add(new RedirectEntry(next, 0, Followed: false));
                        return response;
                    }
                    current = next;
                    continue;
                }
                return response;
            }
        }

        /// <summary>testssl.sh's four HTTP compressions, in its order.</summary>
        private static readonly string[] Compressions = ["gzip", "deflate", "compress", "br"];

        /// <summary>
        /// BREACH as testssl.sh tests it: the page asked for with every compression accepted (certificate not
        /// verified, no redirect followed); when it comes compressed, once more with each other compression alone.
        /// </summary>
        public async Task<HttpCompression?> CompressionsAsync(CancellationToken cancellation)
        {
            using var client = CreateClient(verify: false, decompress: false);
            var detected = new List<string>();
            try
            {
                var first = await EncodingAsync(client, string.Join(",", Compressions), cancellation).ConfigureAwait(false);
                if (first is null) return new HttpCompression([], null);
                detected.Add(first);
                foreach (var c in Compressions.Where(c => !first.Contains(c, StringComparison.OrdinalIgnoreCase)))
                {
                    if (await EncodingAsync(client, c, cancellation).ConfigureAwait(false) is not null) detected.Add(c);
                }
                return new HttpCompression([.. detected], null);
            }
            catch (Exception e) when (IsTransportFailure(e) && !cancellation.IsCancellationRequested)
            {
                return detected.Count == 0 ? new HttpCompression([], Describe(e)) : new HttpCompression([.. detected], null);
            }
        }

        private async Task<string?> EncodingAsync(HttpClient client, string accept, CancellationToken cancellation)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url);
            request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (compatible; netpact audit)");
            request.Headers.TryAddWithoutValidation("Referer", "https://google.com/");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
            request.Headers.TryAddWithoutValidation("Accept", "*/*");
            request.Headers.ConnectionClose = true;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            cts.CancelAfter(owner._connector.Timeout * 2);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            var encoding = string.Join(", ", response.Content.Headers.ContentEncoding).Trim();
            return encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase) ? null : encoding;
        }

        public async Task FetchRobotsAsync(CancellationToken cancellation)
        {
            using var client = CreateClient(verify: false);
            var current = new Uri(Url, "/robots.txt");
            try
            {
                for (var redirects = 0; redirects <= MaxRedirects; redirects++)
                {
                    var response = await SendAsync(client, HttpMethod.Get, current, null, cancellation).ConfigureAwait(false);
                    if (current.Scheme == Uri.UriSchemeHttps) Jar.Store(current, response.SetCookies);
                    if (!RedirectStatuses.Contains(response.Status) || response.Header("location") is not { } location) return;
                    var next = new Uri(current, location);
                    if (!MayFollow(current, response.Status, next)) return;
                    current = next;
                }
            }
            catch (Exception e) when (IsTransportFailure(e) && !cancellation.IsCancellationRequested)
            {
                // robots.txt only adds cookies; its absence changes nothing.
            }
        }

        public async Task<HttpResponseData?> PreflightAsync(Uri corsUrl, CancellationToken cancellation)
        {
            using var client = CreateClient(_verify);
            var headers = new Dictionary<string, string> { ["Access-Control-Request-Method"] = "GET", ["Origin"] = CorsOrigin };
            var current = corsUrl;
            try
            {
                for (var redirects = 0; redirects <= MaxRedirects; redirects++)
                {
                    var response = await SendAsync(client, HttpMethod.Options, current, headers, cancellation).ConfigureAwait(false);
                    if (!RedirectStatuses.Contains(response.Status) || response.Header("location") is not { } location || redirects == MaxRedirects) return response;
                    var next = new Uri(current, location);
                    if (!MayFollow(current, response.Status, next)) return response;
                    current = next;
                }
                return null;
            }
            catch (Exception e) when (IsTransportFailure(e) && !cancellation.IsCancellationRequested)
            {
                return null;
            }
        }

        /// <summary>Only http(s) to a host on the allow-list; anything else is recorded with its chain and not requested.</summary>
        private bool MayFollow(Uri from, int status, Uri to)
        {
            if (to.Scheme is "http" or "https" && owner._connector.AllowList.Allows(to.Host)) return true;
            var why = to.Scheme is "http" or "https"
                ? $"{to.Host} was not named as a target (name it with --follow-redirects-to {to.Host.Trim('[', ']')})"
                : $"the scheme {to.Scheme}: is not HTTP";
            NotFollowed.Add($"{from} ({status}) -> {to}: not followed, {why}");
            return false;
        }

        private async Task<HttpResponseData> SendAsync(HttpClient client, HttpMethod method, Uri url, Dictionary<string, string>? extra, CancellationToken cancellation)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
            request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (compatible; netpact audit; Observatory/1.4.8 rules)");
            foreach (var (name, value) in extra ?? []) request.Headers.TryAddWithoutValidation(name, value);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            cts.CancelAfter(owner._connector.Timeout * 2);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            var receivedAt = owner._time.GetUtcNow();
            var headers = new List<KeyValuePair<string, string>>();
            var setCookies = new List<string>();
            foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
            {
                var lower = name.ToLowerInvariant();
                if (lower == "set-cookie")
                {
                    setCookies.AddRange(values);
                    continue;
                }
                var list = values.ToList();
                var existing = headers.FindIndex(h => h.Key == lower);
                if (existing >= 0)
                {
                    if (!SingleValued.Contains(lower)) headers[existing] = new(lower, headers[existing].Value + ", " + string.Join(", ", list));
                    continue;
                }
                headers.Add(new(lower, SingleValued.Contains(lower) ? list[0] : string.Join(", ", list)));
            }
            var body = await ReadBodyAsync(response.Content, cts.Token).ConfigureAwait(false);
            return new HttpResponseData(url, (int)response.StatusCode, [.. headers], [.. setCookies], body, _verify) { ReceivedAt = receivedAt };
        }

        private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellation)
        {
            await using var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            var buffer = new byte[MaxBodyBytes];
            var total = 0;
            while (total < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(total), cancellation).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
            var encoding = Encoding.UTF8;
            if (content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
            {
                try
                {
                    encoding = Encoding.GetEncoding(charset.Trim('"'));
                }
                catch (ArgumentException)
                {
                    encoding = Encoding.UTF8;
                }
            }
            return encoding.GetString(buffer, 0, total);
        }

        private HttpClient CreateClient(bool verify, bool decompress = true)
        {
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                // A proxy would be a host nobody named; every connection goes through the connector's allow-list.
                UseProxy = false,
                // The handler's own container sends cookies back along a redirect chain, as the Observatory's agent does.
                UseCookies = true,
                CookieContainer = new CookieContainer(),
                AutomaticDecompression = decompress ? DecompressionMethods.All : DecompressionMethods.None,
                ConnectTimeout = owner._connector.Timeout,
                ConnectCallback = async (context, token) =>
                {
                    var (socket, failure) = await owner._connector.ConnectAsync(new Targets.NetworkEndpoint(context.DnsEndPoint.Host, context.DnsEndPoint.Port), token).ConfigureAwait(false);
                    return socket is null
                        ? throw new HttpRequestException($"{context.DnsEndPoint.Host}:{context.DnsEndPoint.Port}: {Connector.Describe(failure)}", new SocketException((int)SocketError.ConnectionRefused))
                        : new NetworkStream(socket, ownsSocket: true);
                },
                SslOptions = new SslClientAuthenticationOptions
                {
                    // The suites the Observatory's Node.js offers (.NET alone offers forward-secret AEAD suites only on Linux,
                    // so a server with RSA key transport and CBC, an old IIS, could not be fetched at all).
                    CipherSuitesPolicy = OperatingSystem.IsWindows() ? null : NodeCipherSuites,
                    // No AIA downloads, no revocation fetches, --ca as the only roots when given.
                    CertificateChainPolicy = OfflineChainPolicy.Create(owner._trustAnchors),
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    {
                        if (!verify) return true;
                        var ok = errors == SslPolicyErrors.None;
                        if (!ok) _certificateRejected = true;
                        return ok;
                    },
                },
            };
            return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        private static bool IsTransportFailure(Exception e) => e is HttpRequestException or IOException or OperationCanceledException or SocketException or System.Security.Authentication.AuthenticationException;

        private static string Describe(Exception e)
        {
            for (var inner = e; inner is not null; inner = inner.InnerException)
            {
                if (inner is HttpRequestException { InnerException: null } or System.Security.Authentication.AuthenticationException) return inner.Message;
            }
            return e is OperationCanceledException ? "no answer within the timeout" : e.Message;
        }
    }
}
