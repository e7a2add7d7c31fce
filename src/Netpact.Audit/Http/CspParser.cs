namespace Netpact.Audit.Http;

/// <summary>
/// Observatory 1.4.8's CSP parser, rewritten: several policies combine so that a source counts only
/// when every policy allows it; a repeated directive (other than report-uri/report-to) makes the policy
/// invalid; a source list left empty means 'none'.
/// </summary>
internal static class CspParser
{
    public const string DuplicateWarningsKey = "_observatory_duplicate_key_warnings";
    private const int ShortestDirectiveLength = 6;   // "img-src".Length - 1
    private static readonly string[] DisallowedInMeta = ["frame-ancestors", "report-uri", "sandbox"];
    private static readonly HashSet<string> AllowedDuplicates = ["report-uri", "report-to"];

    public sealed class InvalidPolicyException(string message) : Exception(message);

    private sealed class Source(string value, int index, bool keep)
    {
        public string Value { get; } = value;
        public int Index { get; } = index;
        public bool Keep { get; set; } = keep;
    }

    public static Dictionary<string, HashSet<string>> ParseMeta(IReadOnlyList<string> policies)
    {
        var result = Parse(policies);
        foreach (var d in DisallowedInMeta) result.Remove(d);
        return result;
    }

    /// <exception cref="InvalidPolicyException">when the policy is too short or repeats a directive.</exception>
    public static Dictionary<string, HashSet<string>> Parse(IReadOnlyList<string> policies)
    {
        var clean = policies.Select(p => p.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim()).ToList();
        if (clean.Count == 0) return [];
        foreach (var p in clean)
        {
            if (p.Length < ShortestDirectiveLength) throw new InvalidPolicyException($"Invalid policy: {p}");
        }

        var csp = new Dictionary<string, List<Source>>(StringComparer.Ordinal);
        var order = new List<string>();
        var duplicateWarnings = new HashSet<string>(StringComparer.Ordinal);
        for (var policyIndex = 0; policyIndex < clean.Count; policyIndex++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in clean[policyIndex].Split(';'))
            {
                var parts = System.Text.RegularExpressions.Regex.Split(entry.Trim(), @"\s+");
                if (parts[0].Length == 0) continue;
                var directive = parts[0].ToLowerInvariant();
                if (!seen.Add(directive))
                {
                    if (AllowedDuplicates.Contains(directive)) duplicateWarnings.Add(directive);
                    else throw new InvalidPolicyException($"Duplicate directive {directive} in policy {policyIndex}");
                }
                var keep = policyIndex == 0;
                var values = new List<Source>();
                if (parts.Length > 1) values.AddRange(parts.Skip(1).Select(raw => new Source(raw.Trim().ToLowerInvariant(), policyIndex, keep)));
                else if (directive.EndsWith("-src", StringComparison.Ordinal)) values.Add(new Source("'none'", policyIndex, keep));

                var combined = policyIndex == 0 ? values : [.. csp.GetValueOrDefault(directive) ?? [], .. values];
                combined.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
                for (var i = 1; i < combined.Count; i++)
                {
                    var source = combined[i];
                    var previous = combined[i - 1];
                    if (source.Index == previous.Index && source.Value.StartsWith(previous.Value, StringComparison.Ordinal)) source.Keep = false;
                    if (source.Index != previous.Index && PathPartMatch(previous.Value, source.Value)) source.Keep = true;
                }
                if (!csp.ContainsKey(directive)) order.Add(directive);
                csp[directive] = combined.Where(s => s.Keep).ToList();
                if (policyIndex == 0 && policies.Count > 1)
                {
                    foreach (var s in csp[directive]) s.Keep = false;
                }
            }
        }
        var final = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var directive in order)
        {
            var sources = csp[directive];
            final[directive] = sources.Count > 0 ? [.. sources.Select(s => s.Value)] : ["'none'"];
        }
        if (duplicateWarnings.Count > 0) final[DuplicateWarningsKey] = duplicateWarnings;
        return final;
    }

    private static bool PathPartMatch(string a, string b)
    {
        if (a.Length == 0) return true;
        if (a == "/" && b.Length == 0) return true;
        var exact = !a.EndsWith('/');
        var listA = a.Split('/').ToList();
        var listB = b.Split('/');
        if (listA.Count > listB.Length) return false;
        if (exact && listA.Count != listB.Length) return false;
        if (!exact) listA.RemoveAt(listA.Count - 1);
        for (var i = 0; i < listA.Count; i++)
        {
            if (DecodeUriComponent(listA[i]) != DecodeUriComponent(listB[i])) return false;
        }
        return true;
    }

    /// <summary>decodeURIComponent: throws (making the policy invalid) on a malformed escape.</summary>
    private static string DecodeUriComponent(string s)
    {
        for (var i = s.IndexOf('%', StringComparison.Ordinal); i >= 0; i = s.IndexOf('%', i + 1))
        {
            if (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2])) throw new InvalidPolicyException($"URI malformed: {s}");
        }
        return Uri.UnescapeDataString(s);
    }
}
