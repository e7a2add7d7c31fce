using System.Collections.Immutable;
using Netpact.Istio;
using Netpact.Model;

namespace Netpact.Diff;

/// <summary>The inputs with some policies taken away: what a reviewer asks to see what a policy really guards.</summary>
public sealed record Removal(Cluster Cluster, IstioConfig? Mesh, ImmutableArray<string> Removed);

/// <summary>
/// Takes policies away from a cluster (and its Istio layer) by what the user names: a file (every policy written in
/// it), a layer (<c>k8s</c>: every NetworkPolicy and admin-tier policy; <c>istio</c>: the Istio layer), or one policy as
/// <c>KIND/NAMESPACE/NAME</c> (NetworkPolicy, AuthorizationPolicy, PeerAuthentication) or <c>KIND/NAME</c> for the
/// cluster-scoped admin tiers.
/// </summary>
public static class WhatIf
{
    public static Removal Without(Cluster cluster, IstioConfig? mesh, IEnumerable<string> names, List<Diagnostic> problems)
    {
        var removed = ImmutableArray.CreateBuilder<string>();
        foreach (var name in names)
        {
            var before = removed.Count;
            if (name == "k8s")
            {
                removed.AddRange(cluster.Policies.Select(p => $"NetworkPolicy/{p.Id}").Concat(cluster.AdminPolicies.Select(p => p.Id)));
                cluster = cluster with { Policies = [], AdminPolicies = [] };
            }
            else if (name == "istio")
            {
                if (mesh is not null) removed.Add("the Istio layer");
                mesh = null;
            }
            else
            {
                var file = File.Exists(name) ? Path.GetFullPath(name) : null;
                bool InFile(SourceSpan span) => file is not null && span.File.Length > 0 && Path.GetFullPath(span.File) == file;
                bool Named(string kind, string id) => name == $"{kind}/{id}";
                var policies = cluster.Policies.Where(p => Named("NetworkPolicy", p.Id) || InFile(p.Span)).ToList();
                var admin = cluster.AdminPolicies.Where(p => name == p.Id || InFile(p.Span)).ToList();
                removed.AddRange(policies.Select(p => $"NetworkPolicy/{p.Id}").Concat(admin.Select(p => p.Id)));
                cluster = cluster with
                {
                    Policies = [.. cluster.Policies.Except(policies)],
                    AdminPolicies = [.. cluster.AdminPolicies.Except(admin)],
                };
                if (mesh is not null)
                {
                    var authz = mesh.Policies.Where(p => Named("AuthorizationPolicy", p.Id) || InFile(p.Span)).ToList();
                    var peers = mesh.PeerAuthentications.Where(p => name == $"PeerAuthentication/{p.Namespace}/{p.Name}" || InFile(p.Span)).ToList();
                    removed.AddRange(authz.Select(p => $"AuthorizationPolicy/{p.Id}").Concat(peers.Select(p => $"PeerAuthentication/{p.Namespace}/{p.Name}")));
                    mesh = mesh with { Policies = [.. mesh.Policies.Except(authz)], PeerAuthentications = [.. mesh.PeerAuthentications.Except(peers)] };
                }
            }
            if (removed.Count == before)
            {
                problems.Add(Diagnostic.Error(new SourceSpan(name, 0, 0),
                    "--without names no policy of the inputs: give a file of the inputs, a layer (k8s, istio), KIND/NAMESPACE/NAME " +
                    "(NetworkPolicy, AuthorizationPolicy, PeerAuthentication) or KIND/NAME (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy)"));
            }
        }
        return new Removal(cluster, mesh, removed.ToImmutable());
    }
}
