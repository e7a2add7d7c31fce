using System.Collections.Immutable;
using Netpact.Findings;

namespace Netpact.Flows;

/// <summary>A kind of flow finding: its id, what it reports, how bad, why it matters and what to do.</summary>
public sealed record FlowRule(string Id, string Name, string Title, FindingSeverity Severity, string Why, string Fix)
{
    public static readonly FlowRule NotIntended = new("FLOW001", "allowed-not-intended",
        "Traffic the pact does not intend went through", FindingSeverity.Error,
        "A flow the intent does not list crossed the network: a policy admits too much, a layer is not enforced where it ran, or someone is using a path nobody meant to open.",
        "Find which layer let it through (the reasons list each), then tighten that rule or enforce the layer; if the flow is legitimate, add it to the intent.");

    public static readonly FlowRule IntendedRejected = new("FLOW002", "intended-rejected",
        "An intended flow was stopped", FindingSeverity.Error,
        "The intent lists this flow, but the network dropped it: an outage for whoever depends on it.",
        "Check the layer that stopped it (a rule missing, a security group or firewall not updated, an address that changed).");

    public static readonly FlowRule PortScan = new("FLOW003", "port-scan",
        "One source tried many ports or destinations and was stopped", FindingSeverity.Warning,
        "Many rejected ports or destinations from one source is how a scan looks: reconnaissance before an attack, or a workload misconfigured.",
        "Identify the source; block it at the edge (netpact block CIDR) or quarantine the workload if it is one of yours.");

    public static readonly FlowRule Blocked = new("FLOW004", "blocked-attempts",
        "Traffic the pact does not intend was stopped", FindingSeverity.Note,
        "The pact held: these attempts were blocked. Their sources and ports show who keeps knocking.",
        "Nothing to fix in the pact; watch the top sources, and block those that persist.");

    public static readonly FlowRule Unused = new("FLOW005", "unused-intended-flow",
        "An intended flow was never used in the window", FindingSeverity.Note,
        "Least privilege: a flow nobody uses is an opening with no purpose; or, if it should be used, an outage with no traffic to show it.",
        "Remove the flow (or its unused ports) from the intent after checking with its owners, or look for why its clients stopped.");

    public static readonly FlowRule NewSinceBaseline = new("FLOW006", "new-since-baseline",
        "Accepted traffic the baseline window never showed", FindingSeverity.Warning,
        "A pair that never talked, a port never reached, or outside sources never seen before: what changed is where an intrusion or a misconfiguration shows first, even when the pact allows it.",
        "Check who started it and why; if it is expected (a release, a new client), the next baseline will include it.");

    public static readonly ImmutableArray<FlowRule> All = [NotIntended, IntendedRejected, PortScan, Blocked, Unused, NewSinceBaseline];
}
