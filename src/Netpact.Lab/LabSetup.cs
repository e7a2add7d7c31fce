using Netpact.Model;

namespace Netpact.Lab;

/// <summary>A lab ready to be made: its plan (hosts, addresses, probes) and the rules it loads, as read.</summary>
public sealed record LabSetup(LabPlan Plan, LabRules Rules)
{
    /// <summary>What reading the rules said (located in the rulesets); the lab is not made when one is an error.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => Rules.Predicted.Diagnostics;

    public bool HasErrors => Rules.Errors.Any();
}
