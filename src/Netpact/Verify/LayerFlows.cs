using System.Collections.Immutable;
using Netpact.Compilers;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>What a layer allows, read back into flows between intent workloads.</summary>
public sealed record LayerFlows(
    FlowMatrix Flows,
    ImmutableArray<Approximation> Approximations,
    ImmutableArray<Diagnostic> Diagnostics,
    bool CoversExternal);
