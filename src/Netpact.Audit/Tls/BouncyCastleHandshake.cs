using System.Collections.Immutable;
using System.Text;
using Netpact.Audit.Net;
using Netpact.Audit.Targets;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Netpact.Audit.Tls;

/// <summary>What a complete handshake showed: the chain the server sends and whether it stapled OCSP.</summary>
public sealed record CertificateHandshake(bool Completed, TlsVersion? Version, ImmutableArray<byte[]> Chain, bool OcspStapled, string Detail)
{
    /// <summary>The application protocol agreed (ALPN), when one was offered.</summary>
    public string? Alpn { get; init; }
}

/// <summary>What a server said about session tickets in a complete TLS 1.2 handshake.</summary>
internal sealed record SessionTicketOffer(TlsVersion Version, bool Extension, byte[]? Ticket, long LifetimeHint);

/// <summary>
/// A full handshake with BouncyCastle's TLS client (TLS 1.0 to 1.3, its own crypto, so the system
/// OpenSSL policy does not hide old servers). It asks for OCSP stapling and records the chain.
/// </summary>
public static class BouncyCastleHandshake
{
    /// <summary>The application protocol a complete handshake offering only <paramref name="protocol"/> agrees on (null: none).</summary>
    public static async Task<string?> AlpnAsync(Connector connector, NetworkEndpoint endpoint, string? sni, string protocol, CancellationToken cancellation)
    {
        var handshake = await RunAsync(connector, endpoint, sni, cancellation, protocol).ConfigureAwait(false);
        return handshake.Completed ? handshake.Alpn : null;
    }

    /// <summary>
    /// Session resumption by session ID, as testssl.sh tests it (no ticket offered, TLS 1.2 at most): a
    /// complete handshake, then a second one asking to resume its session. Null when the first failed.
    /// </summary>
    internal static async Task<(bool SessionId, bool Resumed)?> ResumesByIdAsync(Connector connector, NetworkEndpoint endpoint, string? sni, CancellationToken cancellation)
    {
        var first = new CapturingClient(sni, null) { Tls12Max = true };
        if (!(await HandshakeAsync(connector, endpoint, first, cancellation).ConfigureAwait(false)).Completed) return null;
        if (first.Session is not { } session || session.SessionID.Length == 0 || !session.IsResumable) return (false, false);
        var second = new CapturingClient(sni, null) { Tls12Max = true, Resume = session };
        var again = await HandshakeAsync(connector, endpoint, second, cancellation).ConfigureAwait(false);
        return (true, again.Completed && second.Resumed);
    }

    /// <summary>
    /// A complete handshake (TLS 1.2 at most) offering the session_ticket extension: whether the server
    /// answered the extension, and the ticket and lifetime hint it sent (RFC 5077). Null when it failed.
    /// </summary>
    internal static async Task<SessionTicketOffer?> TicketAsync(Connector connector, NetworkEndpoint endpoint, string? sni, CancellationToken cancellation)
    {
        var client = new CapturingClient(sni, null) { Tls12Max = true, AskTicket = true };
        var handshake = await HandshakeAsync(connector, endpoint, client, cancellation).ConfigureAwait(false);
        if (!handshake.Completed || handshake.Version is not { } version) return null;
        return new SessionTicketOffer(version, client.TicketExtension, client.Ticket, client.TicketLifetimeHint);
    }

    /// <summary>
    /// Whether a TLS 1.3-only handshake offering nothing but <paramref name="scheme"/> in signature_algorithms
    /// completes: the server signed its CertificateVerify with it (BouncyCastle checks the signature and the scheme).
    /// </summary>
    internal static async Task<bool> SignsTls13WithAsync(Connector connector, NetworkEndpoint endpoint, string? sni, int scheme, CancellationToken cancellation)
    {
        var client = new CapturingClient(sni, null) { Tls13Only = true, SignatureScheme = scheme };
        var handshake = await HandshakeAsync(connector, endpoint, client, cancellation).ConfigureAwait(false);
        return handshake.Completed && handshake.Version == TlsVersion.Tls13;
    }

    public static Task<CertificateHandshake> RunAsync(Connector connector, NetworkEndpoint endpoint, string? sni, CancellationToken cancellation, string? alpn = null) =>
        HandshakeAsync(connector, endpoint, new CapturingClient(sni, alpn), cancellation);

    private static async Task<CertificateHandshake> HandshakeAsync(Connector connector, NetworkEndpoint endpoint, CapturingClient client, CancellationToken cancellation)
    {
        using var slot = await connector.WaitForSlotAsync(endpoint, cancellation).ConfigureAwait(false);
        var (socket, failure) = await connector.ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
        if (socket is null) return new CertificateHandshake(false, null, [], false, Connector.Describe(failure));
        using (socket)
        {
            // BouncyCastle reads synchronously and a socket timeout bounds one read only, so a server that
            // drips a byte at a time would never time out: the deadline closes the socket under the handshake.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var closeAtDeadline = deadline.Token.Register(socket.Dispose);
            // A thread of its own (the handshake blocks it), and the deadline counts from when it starts.
            return await Task.Factory.StartNew(() =>
            {
                deadline.CancelAfter(connector.Timeout);
                try
                {
                    // Inside the try: a peer that already hung up makes the stream's constructor throw.
                    using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
                    var protocol = new TlsClientProtocol(stream);
                    protocol.Connect(client);
                    var version = client.NegotiatedVersion;
                    var agreed = client.Alpn;
                    protocol.Close();
                    return new CertificateHandshake(true, version, client.Chain, client.Stapled, "handshake completed") { Alpn = agreed };
                }
                catch (Exception e) when (e is TlsFatalAlert or TlsFatalAlertReceived or IOException or TlsException or InvalidOperationException
                    or ObjectDisposedException or System.Net.Sockets.SocketException)
                {
                    var detail = deadline.IsCancellationRequested ? "no complete handshake within the timeout" : Message(e);
                    return new CertificateHandshake(false, client.NegotiatedVersion, client.Chain, client.Stapled, detail);
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private static string Message(Exception e) => e switch
    {
        TlsFatalAlertReceived r => $"the server sent alert {AlertDescription.GetText(r.AlertDescription)}",
        TlsFatalAlert a => $"handshake failed: {AlertDescription.GetText(a.AlertDescription)}",
        IOException io when io.InnerException is System.Net.Sockets.SocketException s => $"connection failed ({s.SocketErrorCode})",
        _ => $"handshake failed: {e.Message}",
    };

    private sealed class CapturingClient(string? sni, string? alpn) : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
    {
        public string? Alpn => m_context?.SecurityParameters?.ApplicationProtocol is { } p ? p.GetUtf8Decoding() : null;

        protected override IList<ProtocolName>? GetProtocolNames() => alpn is null ? null : [ProtocolName.AsUtf8Encoding(alpn)];

        /// <summary>Offer TLS 1.2 at most (session-ID resumption does not exist in TLS 1.3).</summary>
        public bool Tls12Max { get; init; }

        /// <summary>Offer TLS 1.3 only.</summary>
        public bool Tls13Only { get; init; }

        /// <summary>The one signature scheme to offer (null: BouncyCastle's defaults).</summary>
        public int? SignatureScheme { get; init; }

        protected override IList<SignatureAndHashAlgorithm> GetSupportedSignatureAlgorithms() =>
            SignatureScheme is { } scheme ? [Org.BouncyCastle.Tls.SignatureScheme.GetSignatureAndHashAlgorithm(scheme)] : base.GetSupportedSignatureAlgorithms();

        /// <summary>The session to ask to resume.</summary>
        public TlsSession? Resume { get; init; }

        /// <summary>The session the handshake established or resumed.</summary>
        public TlsSession? Session { get; private set; }

        public bool Resumed { get; private set; }

        public override TlsSession? GetSessionToResume() => Resume;

        /// <summary>Offer the session_ticket extension (empty: asking for a ticket).</summary>
        public bool AskTicket { get; init; }

        public bool TicketExtension { get; private set; }

        public byte[]? Ticket { get; private set; }

        public long TicketLifetimeHint { get; private set; }

        public override IDictionary<int, byte[]> GetClientExtensions()
        {
            var extensions = base.GetClientExtensions();
            if (AskTicket) extensions[ExtensionType.session_ticket] = [];
            return extensions;
        }

        public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
        {
            base.ProcessServerExtensions(serverExtensions);
            TicketExtension = serverExtensions?.ContainsKey(ExtensionType.session_ticket) == true;
        }

        public override void NotifyNewSessionTicket(NewSessionTicket newSessionTicket)
        {
            base.NotifyNewSessionTicket(newSessionTicket);
            Ticket = newSessionTicket.Ticket;
            TicketLifetimeHint = newSessionTicket.TicketLifetimeHint;
        }

        public override void NotifyHandshakeComplete()
        {
            base.NotifyHandshakeComplete();
            Session = m_context.Session;
            Resumed = m_context.SecurityParameters.IsResumedSession;
        }

        public ImmutableArray<byte[]> Chain { get; set; } = [];

        public bool Stapled { get; set; }

        public TlsVersion? NegotiatedVersion => m_context?.ServerVersion is { } v ? (TlsVersion)(v.MajorVersion << 8 | v.MinorVersion) : null;

        protected override CertificateStatusRequest GetCertificateStatusRequest() =>
            new(CertificateStatusType.ocsp, new OcspStatusRequest(null, null));

        // Any size of chain is read (BouncyCastle stops at 10 certificates and 32 KiB by default); the deadline bounds the time.
        public override int GetMaxCertificateChainLength() => 4096;

        public override int GetMaxHandshakeMessageSize() => (1 << 24) - 1;

        protected override ProtocolVersion[] GetSupportedVersions() =>
            Tls13Only ? ProtocolVersion.TLSv13.Only() : (Tls12Max ? ProtocolVersion.TLSv12 : ProtocolVersion.TLSv13).DownTo(ProtocolVersion.TLSv10);

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
