using System.Collections.Immutable;

namespace Netpact.Audit.Findings;

/// <summary>The compliance controls audit findings are filed under.</summary>
public static class Controls
{
    /// <summary>Strong cryptography for data in transit over open networks.</summary>
    public static readonly ImmutableArray<string> Transport = ["PCI DSS 4.0 4.2.1", "SOC 2 CC6.7", "HIPAA 164.312(e)(1)"];

    /// <summary>Only approved services, protocols and ports are allowed.</summary>
    public static readonly ImmutableArray<string> Ports = ["PCI DSS 4.0 1.2.5", "SOC 2 CC6.6"];

    /// <summary>Scripts on pages are authorized and their integrity assured (CSP, SRI).</summary>
    public static readonly ImmutableArray<string> PageScripts = ["PCI DSS 4.0 6.4.3", "SOC 2 CC6.8"];

    /// <summary>Browser-side hardening headers.</summary>
    public static readonly ImmutableArray<string> BrowserHardening = ["SOC 2 CC6.8"];

    public static readonly ImmutableArray<string> None = [];
}
