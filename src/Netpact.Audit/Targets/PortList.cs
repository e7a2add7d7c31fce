using System.Collections.Immutable;
using System.Globalization;

namespace Netpact.Audit.Targets;

/// <summary>Ports written as a list of numbers and ranges: "22,80,443,8000-8100".</summary>
public static class PortList
{
    public static ImmutableArray<int>? TryParse(string text, out string error)
    {
        error = "";
        var ports = new SortedSet<int>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) continue;
            var dash = raw.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? raw : raw[..dash];
            var last = dash < 0 ? raw : raw[(dash + 1)..];
            if (!TryPort(first, out var from) || !TryPort(last, out var to))
            {
                error = $"'{raw}' is not a port or a range of ports between 1 and 65535";
                return null;
            }
            if (to < from)
            {
                error = $"'{raw}' is a range that ends before it starts";
                return null;
            }
            for (var p = from; p <= to; p++) ports.Add(p);
        }
        if (ports.Count == 0)
        {
            error = $"'{text}' names no port";
            return null;
        }
        return [.. ports];
    }

    /// <summary>A single port number, 1 to 65535, digits only.</summary>
    public static bool TryPort(string s, out int port) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    /// <summary>Compact text for a set of ports: 22,80,8000-8100.</summary>
    public static string Format(IEnumerable<int> ports)
    {
        var sorted = ports.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
