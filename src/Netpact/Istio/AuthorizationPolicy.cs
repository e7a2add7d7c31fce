using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Istio;

public enum AuthorizationAction { Allow, Deny, Audit, Custom }

/// <summary>
/// One entry of a rule's from: every field given must hold. Address fields are kept as written; sources
/// inside the mesh are known by identity (principal, namespace), not by address.
/// </summary>
public sealed record RuleSource(
    ImmutableArray<string> Principals,
    ImmutableArray<string> NotPrincipals,
    ImmutableArray<string> Namespaces,
    ImmutableArray<string> NotNamespaces,
    ImmutableArray<Cidr> IpBlocks,
    ImmutableArray<Cidr> NotIpBlocks,
    bool HasHttpOnlyFields,
    SourceSpan Span);

/// <summary>One entry of a rule's to. Ports null means any port.</summary>
public sealed record RuleOperation(PortSet? Ports, PortSet NotPorts, bool HasHttpOnlyFields, SourceSpan Span);

/// <summary>A rule: from (any entry) and to (any entry) and when. Empty from or to means any.</summary>
public sealed record AuthorizationRule(ImmutableArray<RuleSource> From, ImmutableArray<RuleOperation> To, bool HasWhen, SourceSpan Span)
{
    /// <summary>Fields Istio cannot apply to plain TCP: request principals, hosts, methods, paths, when conditions.</summary>
    public bool HasHttpOnlyFields => HasWhen || From.Any(s => s.HasHttpOnlyFields) || To.Any(o => o.HasHttpOnlyFields);
}

/// <summary>
/// A security.istio.io AuthorizationPolicy. Selector null: every workload of the namespace (of the mesh,
/// in the root namespace). No rules: an ALLOW policy allows nothing, a DENY policy denies nothing.
/// </summary>
public sealed record AuthorizationPolicy(
    string Namespace,
    string Name,
    ImmutableSortedDictionary<string, string>? Selector,
    AuthorizationAction Action,
    ImmutableArray<AuthorizationRule> Rules,
    SourceSpan Span)
{
    public string Id => $"{Namespace}/{Name}";
}
