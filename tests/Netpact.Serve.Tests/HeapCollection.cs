namespace Netpact.Serve.Tests;

/// <summary>Tests that measure this process's heap run after the others, alone: no other test allocates meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapCollection
{
    public const string Name = "heap";
}
