using System.Net;

namespace Netpact.Audit.Http;

/// <summary>
/// The registrable domain ("second-level domain") the Observatory's SRI test compares. Without the
/// public suffix list: the last two labels, or three under a common two-label suffix. Addresses and
/// single labels have none.
/// </summary>
internal static class RegistrableDomain
{
    private static readonly HashSet<string> TwoLabelSuffixes =
    [
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "com.au", "net.au", "org.au", "edu.au", "gov.au",
        "co.nz", "org.nz", "co.jp", "ne.jp", "or.jp", "ac.jp", "co.kr", "co.in", "co.za", "com.br", "com.cn", "com.mx", "com.tr",
        "com.sg", "com.hk", "com.tw", "com.ar", "co.il", "com.pl", "co.id", "com.my", "com.ph", "com.vn", "github.io",
    ];

    public static string? Of(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0 || IPAddress.TryParse(host, out _)) return null;
        var labels = host.Split('.');
        if (labels.Length < 2) return null;
        var lastTwo = string.Join('.', labels[^2..]);
        if (TwoLabelSuffixes.Contains(lastTwo)) return labels.Length >= 3 ? string.Join('.', labels[^3..]) : null;
        return lastTwo;
    }
}
