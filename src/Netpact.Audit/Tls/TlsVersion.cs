namespace Netpact.Audit.Tls;

/// <summary>A protocol version a server may accept, with its wire code.</summary>
public enum TlsVersion
{
    Ssl3 = 0x0300,
    Tls10 = 0x0301,
    Tls11 = 0x0302,
    Tls12 = 0x0303,
    Tls13 = 0x0304,
}

public static class TlsVersions
{
    public static readonly TlsVersion[] All = [TlsVersion.Ssl3, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13];

    /// <summary>testssl.sh's JSON id for the protocol line (SSLv3, TLS1, TLS1_1, TLS1_2, TLS1_3).</summary>
    public static string TestsslId(this TlsVersion v) => v switch
    {
        TlsVersion.Ssl3 => "SSLv3",
        TlsVersion.Tls10 => "TLS1",
        TlsVersion.Tls11 => "TLS1_1",
        TlsVersion.Tls12 => "TLS1_2",
        _ => "TLS1_3",
    };

    /// <summary>testssl.sh 3.2.3's protocol text, whose dots become underscores in ids: supportedciphers_TLSv1_2.</summary>
    public static string TestsslText(this TlsVersion v) => v switch
    {
        TlsVersion.Ssl3 => "SSLv3",
        TlsVersion.Tls10 => "TLSv1",
        TlsVersion.Tls11 => "TLSv1_1",
        TlsVersion.Tls12 => "TLSv1_2",
        _ => "TLSv1_3",
    };

    /// <summary>testssl.sh's s_client option for the version, as in its cipher_order-tls1_2 ids.</summary>
    public static string TestsslOption(this TlsVersion v) => v switch
    {
        TlsVersion.Ssl3 => "ssl3",
        TlsVersion.Tls10 => "tls1",
        TlsVersion.Tls11 => "tls1_1",
        TlsVersion.Tls12 => "tls1_2",
        _ => "tls1_3",
    };

    /// <summary>The name people write: SSLv3, TLSv1.0 ... TLSv1.3 (also the Prometheus label).</summary>
    public static string Display(this TlsVersion v) => v switch
    {
        TlsVersion.Ssl3 => "SSLv3",
        TlsVersion.Tls10 => "TLSv1.0",
        TlsVersion.Tls11 => "TLSv1.1",
        TlsVersion.Tls12 => "TLSv1.2",
        _ => "TLSv1.3",
    };
}
