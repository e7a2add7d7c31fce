using System.Numerics;
using System.Runtime.InteropServices;

namespace Netpact.Analysis;

/// <summary>
/// A fixed-size set of small integers (identity indices, external atom indices). The set operations work a
/// vector of words at a time; a set that is shared between results is never changed after it is built.
/// </summary>
internal sealed class Bitset : IEquatable<Bitset>
{
    private readonly ulong[] _words;

    // The range of words that may be non-zero, so that operations on sparse sets (a namespace's identities)
    // touch a few words instead of all; recomputed after a change.
    // Packed in one field (hi << 32 | lo; -1 when unknown) so that parallel readers never see half an update.
    private long _bounds = -1;

    public Bitset(int size)
    {
        Size = size;
        _words = new ulong[(size + 63) >> 6];
    }

    private Bitset(int size, ulong[] words)
    {
        Size = size;
        _words = words;
    }

    public int Size { get; }

    public static Bitset Full(int size)
    {
        var set = new Bitset(size);
        set.AddRange(0, size);
        return set;
    }

    public Bitset Clone() => new(Size, (ulong[])_words.Clone()) { _bounds = _bounds };

    public void Add(int i)
    {
        _words[i >> 6] |= 1UL << (i & 63);
        _bounds = -1;
    }

    public void Remove(int i)
    {
        _words[i >> 6] &= ~(1UL << (i & 63));
        _bounds = -1;
    }

    /// <summary>The words that may be non-zero: [Lo, Hi).</summary>
    private (int Lo, int Hi) Bounds()
    {
        var known = Volatile.Read(ref _bounds);
        if (known >= 0) return ((int)(known & 0xffffffff), (int)(known >> 32));
        var lo = 0;
        while (lo < _words.Length && _words[lo] == 0) lo++;
        var hi = _words.Length;
        while (hi > lo && _words[hi - 1] == 0) hi--;
        Volatile.Write(ref _bounds, ((long)hi << 32) | (uint)lo);
        return (lo, hi);
    }

    private static (int Lo, int Hi) Overlap(Bitset a, Bitset b)
    {
        var (alo, ahi) = a.Bounds();
        var (blo, bhi) = b.Bounds();
        return (Math.Max(alo, blo), Math.Min(ahi, bhi));
    }

    public bool Contains(int i) => (_words[i >> 6] & (1UL << (i & 63))) != 0;

    /// <summary>Adds start, start+1, ..., end-1.</summary>
    public void AddRange(int start, int end)
    {
        for (var i = start; i < end && (i & 63) != 0; i++) Add(i);
        var first = (start + 63) >> 6;
        var last = end >> 6;
        for (var w = first; w < last; w++) _words[w] = ulong.MaxValue;
        for (var i = Math.Max(start, last << 6); i < end; i++) Add(i);
        _bounds = -1;
    }

    public bool IsEmpty => Bounds().Lo == Bounds().Hi;

    public int Count()
    {
        var n = 0;
        foreach (var w in _words) n += BitOperations.PopCount(w);
        return n;
    }

    public void UnionWith(Bitset other)
    {
        var (lo, hi) = other.Bounds();
        Combine(_words, other._words, _words, Op.Or, lo, hi);
        _bounds = -1;
    }

    public void IntersectWith(Bitset other)
    {
        Combine(_words, other._words, _words, Op.And, 0, _words.Length);
        _bounds = -1;
    }

    public void ExceptWith(Bitset other)
    {
        var (lo, hi) = Overlap(this, other);
        Combine(_words, other._words, _words, Op.AndNot, lo, hi);
        _bounds = -1;
    }

    public Bitset Intersect(Bitset other) => Make(other, Op.And);

    public Bitset Except(Bitset other) => Make(other, Op.AndNot);

    public Bitset Union(Bitset other) => Make(other, Op.Or);

    /// <summary>|this ∩ other| without building the intersection.</summary>
    public int CountIntersection(Bitset other) => CountAnd(this, other, null, null);

    /// <summary>|a ∩ b ∩ c ∩ d|, the null sets left out.</summary>
    public static int CountAnd(Bitset a, Bitset b, Bitset? c, Bitset? d)
    {
        var n = 0;
        var wa = a._words;
        var wb = b._words;
        var (lo, hi) = Overlap(a, b);
        if (c is not null) (lo, hi) = (Math.Max(lo, c.Bounds().Lo), Math.Min(hi, c.Bounds().Hi));
        if (d is not null) (lo, hi) = (Math.Max(lo, d.Bounds().Lo), Math.Min(hi, d.Bounds().Hi));
        if (c is null)
        {
            for (var i = lo; i < hi; i++) n += BitOperations.PopCount(wa[i] & wb[i]);
        }
        else if (d is null)
        {
            var wc = c._words;
            for (var i = lo; i < hi; i++) n += BitOperations.PopCount(wa[i] & wb[i] & wc[i]);
        }
        else
        {
            var wc = c._words;
            var wd = d._words;
            for (var i = lo; i < hi; i++) n += BitOperations.PopCount(wa[i] & wb[i] & wc[i] & wd[i]);
        }
        return n;
    }

    public bool Overlaps(Bitset other)
    {
        var (lo, hi) = Overlap(this, other);
        for (var i = lo; i < hi; i++)
        {
            if ((_words[i] & other._words[i]) != 0) return true;
        }
        return false;
    }

    private Bitset Make(Bitset other, Op op)
    {
        var words = new ulong[_words.Length];
        var (lo, hi) = op switch
        {
            Op.And => Overlap(this, other),
            Op.AndNot => Bounds(),
            _ => (Math.Min(Bounds().Lo, other.Bounds().Lo), Math.Max(Bounds().Hi, other.Bounds().Hi)),
        };
        if (lo < hi) Combine(_words, other._words, words, op, lo, hi);
        return new Bitset(Size, words);
    }

    private enum Op { And, Or, AndNot }

    /// <summary>result[i] = a[i] op b[i] for i in [lo, hi).</summary>
    private static void Combine(ulong[] a, ulong[] b, ulong[] result, Op op, int lo, int hi)
    {
        var i = lo;
        if (Vector.IsHardwareAccelerated && hi - lo >= Vector<ulong>.Count)
        {
            var va = MemoryMarshal.Cast<ulong, Vector<ulong>>(a.AsSpan(lo, hi - lo));
            var vb = MemoryMarshal.Cast<ulong, Vector<ulong>>(b.AsSpan(lo, hi - lo));
            var vr = MemoryMarshal.Cast<ulong, Vector<ulong>>(result.AsSpan(lo, hi - lo));
            for (var v = 0; v < va.Length; v++)
            {
                vr[v] = op switch
                {
                    Op.And => va[v] & vb[v],
                    Op.Or => va[v] | vb[v],
                    _ => Vector.AndNot(va[v], vb[v]),
                };
            }
            i = lo + va.Length * Vector<ulong>.Count;
        }
        for (; i < hi; i++)
        {
            result[i] = op switch
            {
                Op.And => a[i] & b[i],
                Op.Or => a[i] | b[i],
                _ => a[i] & ~b[i],
            };
        }
    }

    public IEnumerable<int> Members()
    {
        var (lo, hi) = Bounds();
        for (var wi = lo; wi < hi; wi++)
        {
            var w = _words[wi];
            while (w != 0)
            {
                yield return (wi << 6) + BitOperations.TrailingZeroCount(w);
                w &= w - 1;
            }
        }
    }

    /// <summary>Calls <paramref name="action"/> for each member, in increasing order, without an enumerator.</summary>
    public void ForEach(Action<int> action)
    {
        var (lo, hi) = Bounds();
        for (var wi = lo; wi < hi; wi++)
        {
            var w = _words[wi];
            while (w != 0)
            {
                action((wi << 6) + BitOperations.TrailingZeroCount(w));
                w &= w - 1;
            }
        }
    }

    public bool Equals(Bitset? other) => other is not null && _words.AsSpan().SequenceEqual(other._words);

    public override bool Equals(object? obj) => Equals(obj as Bitset);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(MemoryMarshal.AsBytes(_words.AsSpan()));
        return h.ToHashCode();
    }
}
