using System.Collections.Immutable;
using k8s;
using k8s.Autorest;
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

    /// <summary>
    /// Read for what it adds, not for connectivity itself (Services tell Istio's protocols, Istio's policies only narrow
    /// what NetworkPolicy allows): when it cannot be read, a warning says so and the analysis counts more open, never less.
    /// </summary>
    public bool Advisory { get; init; }

    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The resource as RBAC rules name it: 'pods', 'deployments.apps'.</summary>
    public string RbacName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>One page of a typed list, cluster-wide (<paramref name="all"/>) or in one namespace (<paramref name="inNamespace"/>).</summary>
    private static Func<IKubernetes, string?, string?, int, CancellationToken, Task<ListPage>> Typed<TList, TItem>(
        Func<IKubernetes, string?, int, CancellationToken, Task<HttpOperationResponse<TList>>> all,
        Func<IKubernetes, string, string?, int, CancellationToken, Task<HttpOperationResponse<TList>>>? inNamespace)
        where TList : IItems<TItem>, IMetadata<V1ListMeta>
        => async (k, ns, c, l, t) =>
        {
            var r = ns is null || inNamespace is null
                ? await all(k, c, l, t).ConfigureAwait(false)
                : await inNamespace(k, ns, c, l, t).ConfigureAwait(false);
            return new([.. (r.Body.Items ?? []).Cast<object>()], r.Body.Metadata?.ContinueProperty is { Length: > 0 } next ? next : null);
        };

    /// <summary>Every kind the cluster model is built from, namespaces first as a reader of files would meet them.</summary>
    public static ImmutableArray<LiveResource> All { get; } =
    [
        new("Namespace", "v1", "namespaces", false, Typed<V1NamespaceList, V1Namespace>(
            (k, c, l, t) => k.CoreV1.ListNamespaceWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t), null)),
        new("Pod", "v1", "pods", true, Typed<V1PodList, V1Pod>(
            (k, c, l, t) => k.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("ReplicationController", "v1", "replicationcontrollers", true, Typed<V1ReplicationControllerList, V1ReplicationController>(
            (k, c, l, t) => k.CoreV1.ListReplicationControllerForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.CoreV1.ListNamespacedReplicationControllerWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("Deployment", "apps/v1", "deployments", true, Typed<V1DeploymentList, V1Deployment>(
            (k, c, l, t) => k.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("ReplicaSet", "apps/v1", "replicasets", true, Typed<V1ReplicaSetList, V1ReplicaSet>(
            (k, c, l, t) => k.AppsV1.ListReplicaSetForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.AppsV1.ListNamespacedReplicaSetWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("StatefulSet", "apps/v1", "statefulsets", true, Typed<V1StatefulSetList, V1StatefulSet>(
            (k, c, l, t) => k.AppsV1.ListStatefulSetForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.AppsV1.ListNamespacedStatefulSetWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("DaemonSet", "apps/v1", "daemonsets", true, Typed<V1DaemonSetList, V1DaemonSet>(
            (k, c, l, t) => k.AppsV1.ListDaemonSetForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.AppsV1.ListNamespacedDaemonSetWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("Job", "batch/v1", "jobs", true, Typed<V1JobList, V1Job>(
            (k, c, l, t) => k.BatchV1.ListJobForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.BatchV1.ListNamespacedJobWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("CronJob", "batch/v1", "cronjobs", true, Typed<V1CronJobList, V1CronJob>(
            (k, c, l, t) => k.BatchV1.ListCronJobForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.BatchV1.ListNamespacedCronJobWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies", true, Typed<V1NetworkPolicyList, V1NetworkPolicy>(
            (k, c, l, t) => k.NetworkingV1.ListNetworkPolicyForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.NetworkingV1.ListNamespacedNetworkPolicyWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t))),
        new("Service", "v1", "services", true, Typed<V1ServiceList, V1Service>(
            (k, c, l, t) => k.CoreV1.ListServiceForAllNamespacesWithHttpMessagesAsync(continueParameter: c, limit: l, cancellationToken: t),
            (k, ns, c, l, t) => k.CoreV1.ListNamespacedServiceWithHttpMessagesAsync(ns, continueParameter: c, limit: l, cancellationToken: t)))
        {
            Advisory = true,
        },
        Istio("AuthorizationPolicy", "authorizationpolicies"),
        Istio("PeerAuthentication", "peerauthentications"),
        Custom("AdminNetworkPolicy", "v1alpha1", "adminnetworkpolicies"),
        Custom("BaselineAdminNetworkPolicy", "v1alpha1", "baselineadminnetworkpolicies"),
        Custom("ClusterNetworkPolicy", "v1alpha2", "clusternetworkpolicies"),
    ];

    /// <summary>An Istio security resource (security.istio.io/v1), namespaced; not installed (404) means no mesh policies.</summary>
    private static LiveResource Istio(string kind, string plural) =>
        new(kind, "security.istio.io/v1", plural, true, async (k, ns, c, l, t) => Page((ns is null
            ? await k.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<System.Text.Json.JsonElement>(
                "security.istio.io", "v1", plural, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)
            : await k.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<System.Text.Json.JsonElement>(
                "security.istio.io", "v1", ns, plural, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false)).Body))
        { Optional = true, Advisory = true };

    /// <summary>A cluster-scoped policy.networking.k8s.io custom resource, read through the custom-objects API.</summary>
    private static LiveResource Custom(string kind, string version, string plural) =>
        new(kind, $"policy.networking.k8s.io/{version}", plural, false, async (k, _, c, l, t) =>
        {
            var r = await k.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<System.Text.Json.JsonElement>(
                "policy.networking.k8s.io", version, plural, continueParameter: c, limit: l, cancellationToken: t).ConfigureAwait(false);
            return Page(r.Body);
        })
        { Optional = true };

    /// <summary>One page of a custom-objects list: its items and the continue token.</summary>
    private static ListPage Page(System.Text.Json.JsonElement body)
    {
        var items = body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("items", out var i) && i.ValueKind == System.Text.Json.JsonValueKind.Array
            ? i.EnumerateArray().Select(e => (object)e.Clone()).ToList()
            : [];
        var next = body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("metadata", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Object
                   && m.TryGetProperty("continue", out var token) && token.ValueKind == System.Text.Json.JsonValueKind.String && token.GetString() is { Length: > 0 } s
            ? s
            : null;
        return new ListPage(items, next);
    }
}
