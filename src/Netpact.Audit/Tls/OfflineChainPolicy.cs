using System.Security.Cryptography.X509Certificates;

namespace Netpact.Audit.Tls;

/// <summary>
/// The one chain policy every certificate check of the audit uses: no certificate downloads (AIA
/// caIssuers), no revocation fetches (CRL, OCSP), and with --ca a custom root trust instead of the
/// system store. Built this way, a chain is judged only on what the server sent, and .NET never caches a
/// downloaded intermediate in the user's certificate store (~/.dotnet/corefx/cryptography/x509stores).
/// </summary>
public static class OfflineChainPolicy
{
    public static X509ChainPolicy Create(X509Certificate2Collection? trustAnchors, DateTime? verificationTime = null)
    {
        var policy = new X509ChainPolicy
        {
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
            RevocationFlag = X509RevocationFlag.ExcludeRoot,
        };
        if (verificationTime is { } at) policy.VerificationTime = at;
        if (trustAnchors is { Count: > 0 })
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trustAnchors);
        }
        return policy;
    }
}
