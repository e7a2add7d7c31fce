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

    public string Hex => $"0x{Code >> 8:X2},0x{Code & 0xFF:X2}";
}
