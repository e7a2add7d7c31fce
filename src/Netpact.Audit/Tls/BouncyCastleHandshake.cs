using System.Collections.Immutable;
using System.Text;
using Netpact.Audit.Net;
using Netpact.Audit.Targets;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Netpact.Audit.Tls;

/// <summary>What a complete handshake showed: the chain the server sends and whether it stapled OCSP.</summary>
public sealed record CertificateHandshake(bool Completed, TlsVersion? Version, ImmutableArray<byte[]> Chain, bool OcspStapled, string Detail);

/// <summary>
/// A full handshake with BouncyCastle's TLS client (TLS 1.0 to 1.3, its own crypto, so the system
/// OpenSSL policy does not hide old servers). It asks for OCSP stapling and records the chain.
/// </summary>
public static class BouncyCastleHandshake
{
    public static async Task<CertificateHandshake> RunAsync(Connector connector, NetworkEndpoint endpoint, string? sni, CancellationToken cancellation)
    {
        var (socket, failure) = await connector.ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
        if (socket is null) return new CertificateHandshake(false, null, [], false, Connector.Describe(failure));
        using (socket)
        {
            socket.ReceiveTimeout = (int)connector.Timeout.TotalMilliseconds;
            socket.SendTimeout = (int)connector.Timeout.TotalMilliseconds;
            var client = new CapturingClient(sni);
            // BouncyCastle is synchronous; the socket timeouts bound every read and write.
            return await Task.Run(() =>
            {
                using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
                var protocol = new TlsClientProtocol(stream);
                try
                {
                    protocol.Connect(client);
                    var version = client.NegotiatedVersion;
                    protocol.Close();
                    return new CertificateHandshake(true, version, client.Chain, client.Stapled, "handshake completed");
                }
                catch (Exception e) when (e is TlsFatalAlert or TlsFatalAlertReceived or IOException or TlsException or InvalidOperationException)
                {
                    return new CertificateHandshake(false, client.NegotiatedVersion, client.Chain, client.Stapled, Message(e));
                }
            }, cancellation).ConfigureAwait(false);
        }
    }

    private static string Message(Exception e) => e switch
    {
        TlsFatalAlertReceived r => $"the server sent alert {AlertDescription.GetText(r.AlertDescription)}",
        TlsFatalAlert a => $"handshake failed: {AlertDescription.GetText(a.AlertDescription)}",
        IOException io when io.InnerException is System.Net.Sockets.SocketException s => $"connection failed ({s.SocketErrorCode})",
        _ => $"handshake failed: {e.Message}",
    };

    private sealed class CapturingClient(string? sni) : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
    {
        public ImmutableArray<byte[]> Chain { get; set; } = [];

        public bool Stapled { get; set; }

        public TlsVersion? NegotiatedVersion => m_context?.ServerVersion is { } v ? (TlsVersion)(v.MajorVersion << 8 | v.MinorVersion) : null;

        protected override CertificateStatusRequest GetCertificateStatusRequest() =>
            new(CertificateStatusType.ocsp, new OcspStatusRequest(null, null));

        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.DownTo(ProtocolVersion.TLSv10);

        protected override IList<ServerName>? GetSniServerNames() =>
            sni is null ? null : [new ServerName(NameType.host_name, Encoding.ASCII.GetBytes(sni))];

        public override TlsAuthentication GetAuthentication() => new Capture(this);

        private sealed class Capture(CapturingClient owner) : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            {
                var certificate = serverCertificate.Certificate;
                owner.Chain = [.. Enumerable.Range(0, certificate.Length).Select(i => certificate.GetCertificateAt(i).GetEncoded())];
                // TLS 1.2 sends a CertificateStatus message; TLS 1.3 puts status_request (5) on the leaf's entry.
                var leafExtensions = certificate.Length > 0 ? certificate.GetCertificateEntryAt(0).Extensions : null;
                owner.Stapled = serverCertificate.CertificateStatus is not null || leafExtensions?.ContainsKey(ExtensionType.status_request) == true;
            }

            public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => null;
        }
    }
}
