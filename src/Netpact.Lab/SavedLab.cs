using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Lab;

/// <summary>
/// A lab that 'up' left running, as its state tells: the plan is rebuilt from the copy of the intent it was made
/// from (null when that copy no longer reads, with the diagnostics saying why).
/// </summary>
public sealed record SavedLab(string Id, LabState State, LabPlan? Plan, ImmutableArray<Diagnostic> Diagnostics);
