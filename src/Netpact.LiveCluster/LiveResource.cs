using System.Collections.Immutable;
using k8s;
using k8s.Models;

namespace Netpact.LiveCluster;

/// <summary>One page of a list: its items as objects of the client's model, and the token for the next page.</summary>
internal sealed record ListPage(IReadOnlyList<object> Items, string? Continue);

/// <summary>
/// A resource netpact reads from the API server: its kind and apiVersion (list items lack them), its plural and API
/// group (for RBAC messages and source names), and how to fetch one page of it, cluster-wide or in one namespace.
/// </summary>
internal sealed record LiveResource(
    string Kind,
    string ApiVersion,
    string Plural,
    bool Namespaced,
    Func<IKubernetes, string?, string?, int, CancellationToken, Task<ListPage>> List)
{
    /// <summary>Custom resources that may not be installed: a 404 means "none", not an error.</summary>
    public bool Optional { get; init; }

    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The resource as RBAC rules name it: 'pods', 'deployments.apps'.</summary>
    public string RbacName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    private static ListPage Page<T>(IList<T>? items, V1ListMeta? metadata) =>
        new([.. (items ?? []).Cast<object>()], metadata?.ContinueProperty is { Length: > 0 } c ? c : null);

    /// <summary>Every kind the cluster model is built from, namespaces first as a reader of files would meet them.</summary>
    public static ImmutableArray<LiveResource> All { get; } =
    [
        new("Namespace", "v1", "namespaces", false, async (k, _, c, l, t) =>
        {
            var r = await k.CoreV1.ListNamespaceWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("Pod", "v1", "pods", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("ReplicationController", "v1", "replicationcontrollers", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.CoreV1.ListReplicationControllerForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.CoreV1.ListNamespacedReplicationControllerWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("Deployment", "apps/v1", "deployments", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("ReplicaSet", "apps/v1", "replicasets", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.AppsV1.ListReplicaSetForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.AppsV1.ListNamespacedReplicaSetWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("StatefulSet", "apps/v1", "statefulsets", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.AppsV1.ListStatefulSetForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.AppsV1.ListNamespacedStatefulSetWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("DaemonSet", "apps/v1", "daemonsets", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.AppsV1.ListDaemonSetForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.AppsV1.ListNamespacedDaemonSetWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("Job", "batch/v1", "jobs", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.BatchV1.ListJobForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.BatchV1.ListNamespacedJobWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("CronJob", "batch/v1", "cronjobs", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.BatchV1.ListCronJobForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.BatchV1.ListNamespacedCronJobWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        new("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies", true, async (k, ns, c, l, t) =>
        {
            var r = ns is null
                ? await k.NetworkingV1.ListNetworkPolicyForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
                : await k.NetworkingV1.ListNamespacedNetworkPolicyWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body.Items, r.Body.Metadata);
        }),
        Custom("AdminNetworkPolicy", "v1alpha1", "adminnetworkpolicies"),
        Custom("BaselineAdminNetworkPolicy", "v1alpha1", "baselineadminnetworkpolicies"),
        Custom("ClusterNetworkPolicy", "v1alpha2", "clusternetworkpolicies"),
    ];

    /// <summary>A cluster-scoped policy.networking.k8s.io custom resource, read through the custom-objects API.</summary>
    private static LiveResource Custom(string kind, string version, string plural) =>
        new(kind, $"policy.networking.k8s.io/{version}", plural, false, async (k, _, c, l, t) =>
        {
            var r = await k.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<System.Text.Json.JsonElement>(
                "policy.networking.k8s.io", version, plural, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            var body = r.Body;
            var items = body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("items", out var i) && i.ValueKind == System.Text.Json.JsonValueKind.Array
                ? i.EnumerateArray().Select(e => (object)e.Clone()).ToList()
                : [];
            var next = body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("metadata", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Object
                       && m.TryGetProperty("continue", out var token) && token.ValueKind == System.Text.Json.JsonValueKind.String && token.GetString() is { Length: > 0 } s
                ? s
                : null;
            return new ListPage(items, next);
        })
        { Optional = true };
}
