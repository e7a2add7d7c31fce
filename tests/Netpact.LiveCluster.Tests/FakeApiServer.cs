using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Netpact.Tests;

namespace Netpact.LiveCluster.Tests;

/// <summary>
/// A Kubernetes API server that answers list requests from recorded answers (tests/testdata/cluster/CASE), over
/// plain HTTP on 127.0.0.1. It pages as the recording says (continue tokens name the page files), answers 404 for
/// lists it has no recording of, serves namespaced lists and single namespaces from the cluster-wide recording,
/// and can be told to refuse a path (403, 401) or to drop the connection in the middle of an answer.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private const int MaxRequests = 10_000;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _recording;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _lock = new();
    private readonly List<string> _requests = [];
    private readonly Dictionary<string, Func<Stream, Task>> _overrides = new(StringComparer.Ordinal);

    public FakeApiServer(string recordingCase)
    {
        _recording = Path.Combine(TestPaths.TestData, "cluster", recordingCase);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The bearer token every request must carry; others get 401. Null accepts any.</summary>
    public string? RequiredToken { get; init; }

    /// <summary>Every request so far, as 'path?query'.</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    /// <summary>Answers requests for this path (and any page of it) with a recorded Status object and its code.</summary>
    public void Refuse(string path, int code, string statusFile)
    {
        var body = File.ReadAllBytes(Path.Combine(TestPaths.TestData, "cluster", "status", statusFile));
        _overrides[path] = stream => WriteAsync(stream, code, body);
    }

    /// <summary>
    /// For the page of a list with this continue token ('first' for the first page): sends the headers with the
    /// full Content-Length and half of the body, then closes the socket.
    /// </summary>
    public void DropMidAnswer(string path, string page)
    {
        _overrides[$"{path}#{page}"] = async stream =>
        {
            var body = File.ReadAllBytes(Path.Combine(_recording, path, page + ".json"));
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
            await stream.WriteAsync(head).ConfigureAwait(false);
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2)).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
            throw new ConnectionDropped();
        };
    }

    /// <summary>Reads requests for this path and never answers them (until the server is disposed).</summary>
    public void NeverAnswer(string path)
    {
        _overrides[path] = async _ => await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
    }

    /// <summary>Writes a kubeconfig whose current context 'fake' points at this server, with a bearer token.</summary>
    public string WriteKubeconfig(string folder, string token = "reader-token", string? server = null)
    {
        var path = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {server ?? Url}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: reader
            current-context: fake
            users:
            - name: reader
              user:
                token: {token}
            """);
        return path;
    }

    private async Task AcceptAsync()
    {
        var served = 0;
        while (!_stop.IsCancellationRequested && served < MaxRequests)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            served++;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                // Keep-alive: several requests per connection, a bounded number.
                for (var i = 0; i < 1000 && !_stop.IsCancellationRequested; i++)
                {
                    var head = await ReadHeadAsync(stream).ConfigureAwait(false);
                    if (head is null) return;
                    await AnswerAsync(stream, head).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or ConnectionDropped or ObjectDisposedException or OperationCanceledException)
            {
                // The client went away, or the test asked for the connection to drop.
            }
        }
    }

    private async Task<string?> ReadHeadAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, _stop.Token).ConfigureAwait(false) == 0) return null;
            // A TLS ClientHello to this plain HTTP server: hang up, as a server that speaks no TLS does.
            if (buffer.Count == 0 && one[0] == 0x16) return null;
            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r')
                return Encoding.ASCII.GetString([.. buffer]);
        }
        return null;
    }

    private async Task AnswerAsync(Stream stream, string head)
    {
        var lines = head.Split("\r\n");
        var target = lines[0].Split(' ')[1];
        lock (_lock) _requests.Add(target);
        var path = Uri.UnescapeDataString(target.Split('?')[0].Trim('/'));
        var query = System.Web.HttpUtility.ParseQueryString(target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : "");
        var page = query["continue"] is { Length: > 0 } token ? token : "first";
        if (RequiredToken is not null && !lines.Any(l => l.Equals($"Authorization: Bearer {RequiredToken}", StringComparison.OrdinalIgnoreCase)))
        {
            await WriteAsync(stream, 401, File.ReadAllBytes(Path.Combine(TestPaths.TestData, "cluster", "status", "unauthorized.json"))).ConfigureAwait(false);
            return;
        }
        if (_overrides.TryGetValue($"{path}#{page}", out var pageOverride) || _overrides.TryGetValue(path, out pageOverride))
        {
            await pageOverride(stream).ConfigureAwait(false);
            return;
        }
        var file = Path.Combine(_recording, path, page + ".json");
        if (File.Exists(file))
        {
            await WriteAsync(stream, 200, File.ReadAllBytes(file)).ConfigureAwait(false);
            return;
        }
        if (Namespaced(path) is { } derived)
        {
            await WriteAsync(stream, derived.Code, Encoding.UTF8.GetBytes(derived.Body)).ConfigureAwait(false);
            return;
        }
        await WriteAsync(stream, 404, File.ReadAllBytes(Path.Combine(TestPaths.TestData, "cluster", "status", "not-found.json"))).ConfigureAwait(false);
    }

    /// <summary>
    /// api/v1/namespaces/NS/pods (and the like) from the recorded api/v1/pods, in one page; api/v1/namespaces/NAME
    /// from the recorded namespace list.
    /// </summary>
    private (int Code, string Body)? Namespaced(string path)
    {
        var parts = path.Split('/');
        var at = Array.IndexOf(parts, "namespaces");
        if (at < 0 || at + 1 >= parts.Length) return null;
        var ns = parts[at + 1];
        if (at + 2 == parts.Length)
        {
            var item = AllItems(string.Join('/', parts[..(at + 1)])).FirstOrDefault(i => i["metadata"]?["name"]?.GetValue<string>() == ns);
            if (item is null) return null;
            item["kind"] = "Namespace";
            item["apiVersion"] = "v1";
            return (200, item.ToJsonString());
        }
        if (at + 3 != parts.Length) return null;
        var listPath = string.Join('/', [.. parts[..at], parts[at + 2]]);
        if (!File.Exists(Path.Combine(_recording, listPath, "first.json"))) return null;
        var first = JsonNode.Parse(File.ReadAllText(Path.Combine(_recording, listPath, "first.json")))!.AsObject();
        var items = new JsonArray([.. AllItems(listPath).Where(i => i["metadata"]?["namespace"]?.GetValue<string>() == ns)]);
        var list = new JsonObject { ["kind"] = first["kind"]!.DeepClone(), ["apiVersion"] = first["apiVersion"]!.DeepClone(), ["metadata"] = new JsonObject(), ["items"] = items };
        return (200, list.ToJsonString());
    }

    /// <summary>The items of every recorded page of a list, following its continue tokens (bounded).</summary>
    private List<JsonObject> AllItems(string listPath)
    {
        var result = new List<JsonObject>();
        var page = "first";
        for (var i = 0; i < 100 && page is not null; i++)
        {
            var file = Path.Combine(_recording, listPath, page + ".json");
            if (!File.Exists(file)) break;
            var list = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            result.AddRange(list["items"]!.AsArray().Select(n => n!.DeepClone().AsObject()));
            page = list["metadata"]?["continue"]?.GetValue<string>();
        }
        return result;
    }

    private static async Task WriteAsync(Stream stream, int code, byte[] body)
    {
        var reason = code switch { 200 => "OK", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", _ => "Error" };
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(head).ConfigureAwait(false);
        await stream.WriteAsync(body).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Ends the connection on purpose, after a partial answer.</summary>
    private sealed class ConnectionDropped : Exception;
}
