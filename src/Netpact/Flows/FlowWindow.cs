using System.Globalization;

namespace Netpact.Flows;

/// <summary>The time window of a run (--since, --until): records outside it are counted and left out; records without a time are kept.</summary>
public sealed record FlowWindow(DateTimeOffset? Since, DateTimeOffset? Until)
{
    public static readonly FlowWindow All = new(null, null);

    public bool Contains(DateTimeOffset? time) =>
        time is not { } t || ((Since is null || t >= Since) && (Until is null || t < Until));

    /// <summary>
    /// A time as a user gives it: RFC 3339 (2026-12-01T00:00:00Z, a date alone is midnight UTC), Unix seconds, or a
    /// duration before now (30d, 24h, 15m, 90s). Null, with the reason, when it is none of these.
    /// </summary>
    public static DateTimeOffset? Parse(string text, TimeProvider clock, out string? error)
    {
        error = null;
        text = text.Trim();
        if (text.Length > 1 && char.ToLowerInvariant(text[^1]) is 'd' or 'h' or 'm' or 's'
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100_000)
        {
            var span = char.ToLowerInvariant(text[^1]) switch
            {
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromSeconds(n),
            };
            return clock.GetUtcNow() - span;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799)
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        error = $"'{text}' is not a time: give RFC 3339 (2026-12-01T00:00:00Z), Unix seconds, or a duration before now (30d, 24h, 15m)";
        return null;
    }
}
