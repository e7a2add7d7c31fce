using System.Collections.Immutable;
using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.LiveCluster;

/// <summary>
/// Reads the objects the cluster model is built from out of a live API server, page by page, and hands them on as
/// manifests: one JSON document per object, kind and apiVersion filled in, named
/// <c>cluster:CONTEXT/RESOURCE/NAMESPACE/NAME</c>. The manifest reader then sees a live cluster as it sees files.
/// </summary>
public static class LiveClusterReader
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<LiveReadResult> ReadAsync(LiveClusterOptions options, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<Diagnostic>();
        var objects = new List<ManifestText>();
        KubernetesClientConfiguration config;
        string context;
        try
        {
            (config, context) = KubeconfigResolver.Resolve(options);
        }
        catch (LiveClusterException e)
        {
            return new LiveReadResult([], [Diagnostic.Error(new SourceSpan("cluster", 0, 0), e.Message)]);
        }
        config.HttpClientTimeout = options.RequestTimeout;
        var where = new SourceSpan($"cluster:{context}", 0, 0);
        var session = new Session(options, context, config.Host ?? "(no server)", context == "in-cluster");
        try
        {
            using var client = new k8s.Kubernetes(config);
            foreach (var resource in LiveResource.All)
            {
                try
                {
                    if (resource.Kind == "Namespace" && !options.Namespaces.IsDefaultOrEmpty)
                    {
                        foreach (var ns in options.Namespaces) objects.Add(await GetNamespaceAsync(client, session, ns, cancellationToken).ConfigureAwait(false));
                        continue;
                    }
                    IEnumerable<string?> scopes = resource.Namespaced && !options.Namespaces.IsDefaultOrEmpty ? options.Namespaces.Cast<string?>() : [null];
                    foreach (var ns in scopes)
                    {
                        objects.AddRange(await ListAsync(client, session, resource, ns, cancellationToken).ConfigureAwait(false));
                    }
                }
                catch (LiveClusterException e) when (resource.Advisory)
                {
                    diagnostics.Add(Diagnostic.Warning(where, $"{e.Message}; without them the analysis counts more open, never less " +
                        (resource.Kind == "Service" ? "(every port possibly HTTP to Istio)" : "(no Istio policy narrows what NetworkPolicy allows)")));
                }
                catch (LiveClusterException e)
                {
                    // A refused or failed list of one resource: say so, and try the others, so that one run names every
                    // missing permission.
                    diagnostics.Add(Diagnostic.Error(where, e.Message));
                }
            }
        }
        catch (ConnectionException e)
        {
            diagnostics.Add(Diagnostic.Error(where, e.Message));
        }
        return new LiveReadResult(diagnostics.Any(d => d.Severity == Severity.Error) ? [] : [.. objects], [.. diagnostics]);
    }

    private sealed record Session(LiveClusterOptions Options, string Context, string Host, bool InCluster)
    {
        public string Who => InCluster ? "the service account" : $"the user of context '{Context}'";
    }

    private static async Task<List<ManifestText>> ListAsync(IKubernetes client, Session session, LiveResource resource, string? ns, CancellationToken cancellationToken)
    {
        var result = new List<ManifestText>();
        string? token = null;
        for (var page = 1; ; page++)
        {
            if (page > session.Options.MaxPages)
            {
                throw new LiveClusterException($"the list of {resource.Plural}{In(ns)} goes on past {session.Options.MaxPages} pages of {session.Options.PageSize}; " +
                                               "narrow it with --namespace");
            }
            ListPage listed;
            try
            {
                listed = await resource.List(client, ns, token, session.Options.PageSize, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (resource.Optional && e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                return [];  // the custom resource is not installed: no such policies
            }
            catch (Exception e) when (e is not LiveClusterException && !cancellationToken.IsCancellationRequested)
            {
                throw Describe(e, session, $"list {resource.Plural}{In(ns)}", "list", resource, page);
            }
            foreach (var item in listed.Items) result.Add(ToManifest(item, resource, session.Context));
            if (listed.Continue is null) return result;
            token = listed.Continue;
        }
    }

    private static async Task<ManifestText> GetNamespaceAsync(IKubernetes client, Session session, string name, CancellationToken cancellationToken)
    {
        var resource = LiveResource.All[0];
        try
        {
            var r = await client.CoreV1.ReadNamespaceWithHttpMessagesAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToManifest(r.Body, resource, session.Context);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            throw new LiveClusterException($"--namespace {name}: the cluster has no namespace '{name}'");
        }
        catch (Exception e) when (e is not LiveClusterException && !cancellationToken.IsCancellationRequested)
        {
            throw Describe(e, session, $"get namespace {name}", "get", resource, 1);
        }
    }

    private static string In(string? ns) => ns is null ? "" : $" in namespace {ns}";

    /// <summary>
    /// The sentence for a failed request. An answer of the server (403, 404, ...) concerns this resource only; a
    /// failure of the connection ends the whole read (<see cref="ConnectionException"/>).
    /// </summary>
    private static Exception Describe(Exception e, Session s, string action, string verb, LiveResource resource, int page)
    {
        switch (e)
        {
            case HttpOperationException { Response: { } response } http:
                var code = (int)response.StatusCode;
                return response.StatusCode switch
                {
                    HttpStatusCode.Forbidden => new LiveClusterException(
                        $"cannot {action}: {s.Who} needs '{verb}' on '{resource.RbacName}'{(resource.Namespaced && !action.Contains(" in namespace ", StringComparison.Ordinal) ? " in every namespace" : "")} (see docs/cluster.md)"),
                    HttpStatusCode.Unauthorized => new ConnectionException(
                        $"the API server at {s.Host} rejected the credentials of context '{s.Context}' (401 Unauthorized); log in again, or renew the token or client certificate in the kubeconfig"),
                    HttpStatusCode.NotFound => new LiveClusterException(
                        $"cannot {action}: the API server at {s.Host} does not serve {resource.RbacName} {resource.ApiVersion} (404 Not Found); is it a Kubernetes API server?"),
                    HttpStatusCode.Gone => new LiveClusterException(
                        $"cannot {action}: the list changed too much while it was read page by page (410 Gone: the continue token expired); run netpact again"),
                    _ => new LiveClusterException($"cannot {action}: the API server answered {code} {response.ReasonPhrase}{StatusMessage(http)}"),
                };
            case TaskCanceledException or TimeoutException:
                return new ConnectionException($"the API server at {s.Host} did not answer within {s.Options.RequestTimeout.TotalSeconds:0}s (while trying to {action}); check that it is reachable");
            case HttpRequestException tls when tls.HttpRequestError == HttpRequestError.SecureConnectionError || Chain(tls).Any(i => i is AuthenticationException):
                return new ConnectionException($"TLS with the API server at {s.Host} failed: {Root(tls)}; check the server address and certificate-authority (or certificate-authority-data) in the kubeconfig");
            case IOException or HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
            case JsonException when Chain(e).Any(i => i is IOException):
                return new ConnectionException($"the connection to the API server at {s.Host} broke while reading the answer to {action} (page {page}): {Root(e)}; run netpact again");
            case HttpRequestException request:
                return new ConnectionException($"cannot reach the API server at {s.Host}: {Root(request)}; check the server address in the kubeconfig and that it is up");
            case JsonException json:
                return new ConnectionException($"the API server at {s.Host} answered {action} with data that is not the expected JSON: {json.Message}");
            default:
                return new ConnectionException($"cannot {action} from the API server at {s.Host}: {Root(e)}");
        }
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var (inner, depth) = (e, 0); inner is not null && depth < 8; (inner, depth) = (inner.InnerException!, depth + 1)) yield return inner;
    }

    /// <summary>The innermost message: the one that says what actually happened (connection refused, ...).</summary>
    private static string Root(Exception e)
    {
        var inner = e;
        for (var depth = 0; inner.InnerException is not null && depth < 8; depth++) inner = inner.InnerException;
        return inner.Message.TrimEnd('.');
    }

    /// <summary>The message of the Status object the API server sends with an error, when there is one.</summary>
    private static string StatusMessage(HttpOperationException e)
    {
        try
        {
            if (e.Response?.Content is { Length: > 0 } content && JsonNode.Parse(content) is JsonObject status
                && status["message"]?.GetValue<string>() is { Length: > 0 } message)
                return $": {message}";
        }
        catch (JsonException)
        {
            // No Status object: the code says enough.
        }
        return "";
    }

    /// <summary>One object as the JSON document a manifest file would hold: apiVersion and kind first.</summary>
    private static ManifestText ToManifest(object item, LiveResource resource, string context)
    {
        var node = item is JsonElement element ? JsonNode.Parse(element.GetRawText()) : JsonNode.Parse(KubernetesJson.Serialize(item));
        var source = node as JsonObject ?? new JsonObject();
        var manifest = new JsonObject { ["apiVersion"] = resource.ApiVersion, ["kind"] = resource.Kind };
        foreach (var (key, value) in source.ToList())
        {
            if (key is "apiVersion" or "kind") continue;
            source.Remove(key);
            manifest[key] = value;
        }
        var metadata = manifest["metadata"] as JsonObject;
        var name = metadata?["name"]?.GetValue<string>() ?? "";
        var ns = metadata?["namespace"]?.GetValue<string>();
        var path = ns is null ? $"{resource.Plural}/{name}" : $"{resource.Plural}/{ns}/{name}";
        return new ManifestText($"cluster:{context}/{path}", manifest.ToJsonString(Indented) + "\n");
    }

    /// <summary>A failure of the connection itself: nothing more can be read.</summary>
    private sealed class ConnectionException(string message) : Exception(message);
}
