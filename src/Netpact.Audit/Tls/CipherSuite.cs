namespace Netpact.Audit.Tls;

/// <summary>
/// A cipher suite by its IANA code, with the properties the verdicts need. <paramref name="MinVersion"/>
/// is the oldest protocol that can negotiate it (TLS 1.3 suites only work with TLS 1.3).
/// </summary>
public sealed record CipherSuite(
    int Code, string IanaName, string OpenSslName, TlsVersion MinVersion,
    string KeyExchange, string Authentication, string Encryption, int Bits, string Mac)
{
    public bool IsTls13 => MinVersion == TlsVersion.Tls13;

    public bool IsNull => Encryption == "None";

    public bool IsAnonymous => Authentication == "None";

    public bool IsExport => IanaName.Contains("EXPORT", StringComparison.Ordinal);

    public bool IsRc4 => Encryption == "RC4";

    public bool Is3Des => Encryption == "3DES";

    /// <summary>Single DES, RC2, IDEA, SEED or other 64-bit/legacy ciphers below 3DES (testssl's LOW).</summary>
    public bool IsLow => !IsNull && !IsExport && Encryption is "DES" or "RC2";

    /// <summary>Ephemeral, authenticated key exchange (static ECDH/DH keys are written "ECDH/RSA" etc.).</summary>
    public bool IsForwardSecret => IsTls13 || KeyExchange is "ECDH" or "DH" && !IsAnonymous;

    public bool IsAead => Mac == "AEAD";

    /// <summary>A block cipher in CBC mode (BEAST, LUCKY13, POODLE).</summary>
    public bool IsCbc => !IsAead && !IsNull && !IsRc4;

    /// <summary>A 64-bit block cipher (SWEET32).</summary>
    public bool Is64BitBlock => Encryption is "3DES" or "DES" or "IDEA" or "RC2";

    /// <summary>
    /// testssl.sh 3.2.3's get_cipher_quality on the IANA name: 1 NULL, EXPORT, anonymous; 2 RC4, RC2, MD5,
    /// single DES; 3 3DES, IDEA; 4 CBC; 6 static-key AEAD; 7 forward-secret AEAD; 5 anything else.
    /// </summary>
    public int TestsslQuality => IanaName switch
    {
        var n when n.Contains("NULL", StringComparison.Ordinal) || n.Contains("EXP", StringComparison.Ordinal) || n.Contains("_DES40_", StringComparison.Ordinal)
            || n.Contains("anon", StringComparison.Ordinal) || n.StartsWith("TLS_SHA", StringComparison.Ordinal) => 1,
        var n when n.Contains("RC4", StringComparison.Ordinal) || n.Contains("RC2", StringComparison.Ordinal) || n.EndsWith("MD5", StringComparison.Ordinal) => 2,
        var n when n.Contains("_DES_", StringComparison.Ordinal) => n.Contains("EDE3", StringComparison.Ordinal) ? 3 : 2,
        var n when n.Contains("CBC3", StringComparison.Ordinal) || n.Contains("3DES", StringComparison.Ordinal) || n.Contains("IDEA", StringComparison.Ordinal) => 3,
        var n when n.Contains("CBC", StringComparison.Ordinal) || n.Contains("GOST", StringComparison.Ordinal) => 4,
        var n when n.StartsWith("TLS_RSA_", StringComparison.Ordinal) || n.StartsWith("TLS_DH_", StringComparison.Ordinal) || n.StartsWith("TLS_ECDH_", StringComparison.Ordinal) => 6,
        var n when n.Contains("GCM", StringComparison.Ordinal) || n.Contains("CCM", StringComparison.Ordinal) || n.Contains("CHACHA20", StringComparison.Ordinal) => 7,
        _ => 5,
    };

    public string Hex => $"0x{Code >> 8:X2},0x{Code & 0xFF:X2}";
}
