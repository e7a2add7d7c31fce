namespace Netpact.Lab.Tests;

/// <summary>Tests that bring labs up run one at a time: probes time out on a machine busy with other labs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    public const string Name = "lab";
}
