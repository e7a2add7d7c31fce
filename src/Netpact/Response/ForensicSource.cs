using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// A peer a quarantine still lets through, both ways (the forensic workstation, the log collector): a workload
/// (`NS/NAME`), every pod of a namespace (`NS`), or an address range outside the cluster (a CIDR).
/// </summary>
public sealed record ForensicSource(QuarantineTarget? Pods, Cidr? Network, string Text)
{
    /// <summary>A CIDR, `NS/NAME` or `NS`; null with <paramref name="error"/> set when it is none of them.</summary>
    public static ForensicSource? Parse(string text, out string? error)
    {
        if (text.Contains(':', StringComparison.Ordinal) || (text.Length > 0 && char.IsAsciiDigit(text[0]) && text.Contains('.', StringComparison.Ordinal)))
        {
            var cidr = Cidr.TryParse(text, out error, out var hostBits);
            if (cidr is null) return null;
            if (hostBits)
            {
                error = $"'{text}' has host bits set; write the network it means ({cidr})";
                return null;
            }
            return new ForensicSource(null, cidr, text);
        }
        var pods = QuarantineTarget.Parse(text, out error);
        if (pods is null)
        {
            error = $"'{text}' is no forensic source: name a workload as NAMESPACE/NAME, a namespace, or an address range as a CIDR (e.g. 192.0.2.10/32)";
            return null;
        }
        return new ForensicSource(pods, null, text);
    }

    public override string ToString() => Text;
}
