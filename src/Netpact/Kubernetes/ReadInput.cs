using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Kubernetes;

/// <summary>
/// What reading one input (a file, a live-cluster object) produced, in the order it was produced: diagnostics, and
/// the objects to add to the <see cref="ClusterBuilder"/>. Inputs are read on any thread; only adding them (where
/// duplicates are found and workloads grouped) happens in input order on one.
/// </summary>
internal sealed class ReadInput(ReadOptions options)
{
    public ReadOptions Options { get; } = options;

    private readonly List<(int DiagnosticsBefore, Action<ClusterBuilder> Add)> _additions = [];

    /// <summary>Problems found parsing and reading, in order; readers add to it directly.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>How many documents the input held.</summary>
    public int Documents { get; set; }

    /// <summary>Adds an object to the builder later, after the diagnostics reported so far.</summary>
    public void Then(Action<ClusterBuilder> add) => _additions.Add((Diagnostics.Count, add));

    /// <summary>Replays the input onto the builder: diagnostics and additions interleaved as they were read.</summary>
    public void AddTo(ClusterBuilder builder)
    {
        var reported = 0;
        foreach (var (diagnosticsBefore, add) in _additions)
        {
            builder.Diagnostics.AddRange(Diagnostics.Skip(reported).Take(diagnosticsBefore - reported));
            reported = diagnosticsBefore;
            try
            {
                add(builder);
            }
            catch (InputError e)
            {
                // A second object with the same kind, namespace and name.
                builder.Diagnostics.Add(e.Diagnostic);
            }
        }
        builder.Diagnostics.AddRange(Diagnostics.Skip(reported));
    }
}
