namespace Netpact.Audit.Tls;

/// <summary>The suites a probe offers per protocol version, and lookup by code.</summary>
public static class CipherSuites
{
    public static IReadOnlyList<CipherSuite> All => CipherSuiteTable.All;

    private static readonly Dictionary<int, CipherSuite> ByCode = CipherSuiteTable.All.ToDictionary(s => s.Code);

    public static CipherSuite? Find(int code) => ByCode.GetValueOrDefault(code);

    /// <summary>Every known suite a server could pick under <paramref name="version"/>.</summary>
    public static IReadOnlyList<CipherSuite> For(TlsVersion version) => version switch
    {
        TlsVersion.Tls13 => All.Where(s => s.IsTls13).ToArray(),
        TlsVersion.Tls12 => All.Where(s => !s.IsTls13).ToArray(),
        _ => All.Where(s => s.MinVersion is TlsVersion.Ssl3 or TlsVersion.Tls10).ToArray(),
    };
}
