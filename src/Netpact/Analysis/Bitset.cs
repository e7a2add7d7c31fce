using System.Numerics;

namespace Netpact.Analysis;

/// <summary>A fixed-size set of small integers (workload class indices).</summary>
internal sealed class Bitset(int size)
{
    private readonly ulong[] _words = new ulong[(size + 63) >> 6];

    public int Size { get; } = size;

    public void Add(int i) => _words[i >> 6] |= 1UL << (i & 63);

    public bool Contains(int i) => (_words[i >> 6] & (1UL << (i & 63))) != 0;

    public bool IsEmpty => _words.All(w => w == 0);

    public void UnionWith(Bitset other)
    {
        for (var i = 0; i < _words.Length; i++) _words[i] |= other._words[i];
    }

    public IEnumerable<int> Members()
    {
        for (var wi = 0; wi < _words.Length; wi++)
        {
            var w = _words[wi];
            while (w != 0)
            {
                var bit = BitOperations.TrailingZeroCount(w);
                yield return (wi << 6) + bit;
                w &= w - 1;
            }
        }
    }
}
