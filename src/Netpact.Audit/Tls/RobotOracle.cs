using System.Collections.Immutable;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Netpact.Audit.Findings;
using Netpact.Audit.Net;
using Netpact.Audit.Targets;

namespace Netpact.Audit.Tls;

/// <summary>
/// ROBOT (the return of Bleichenbacher's oracle), tested as testssl.sh 3.2.3 tests it: five handshakes
/// with RSA key transport whose ClientKeyExchange carries a premaster secret encrypted with the server's
/// key (raw RSA, our own padding): one correctly padded, four padded wrongly in different ways. A server
/// that answers them differently lets an attacker tell good padding from bad: an oracle. First each
/// ClientKeyExchange is followed by ChangeCipherSpec and a Finished; when all five answers agree, again
/// with the ClientKeyExchange alone. No keys are derived; nothing is decrypted.
/// </summary>
internal sealed class RobotOracle(Connector connector)
{
    private const string Id = "ROBOT";

    // testssl.sh's RSA key transport suites with AES in GCM or CBC mode come first: some servers are only vulnerable with GCM.
    private static readonly int[] PreferredOrder = [0x009D, 0x009C, 0x003D, 0x0035, 0x003C, 0x002F];

    // The 46 bytes after the version in the premaster secret, and the non-zero padding, as testssl.sh fills them.
    private static readonly byte[] Secret = Convert.FromHexString("aa112233445566778899112233445566778899112233445566778899112233445566778899112233445566778899");

    // An arbitrary Finished: the server cannot decrypt it whatever the padding was.
    private static readonly byte[] Finished = SHA512.HashData("netpact ROBOT finished"u8);

    public async Task<VulnerabilityVerdict> CheckAsync(NetworkEndpoint endpoint, string? sni, ImmutableArray<ProtocolSupport> protocols, CancellationToken cancellation)
    {
        // testssl.sh asks with the best version below TLS 1.3.
        var best = protocols.Where(p => p.Offered && p.Version < TlsVersion.Tls13).MaxBy(p => p.Version);
        var rsa = best?.Suites.Where(s => s.KeyExchange.StartsWith("RSA", StringComparison.Ordinal)).Select(s => s.Code).ToList() ?? [];
        if (best is null || rsa.Count == 0) return new(Id, AuditSeverity.Ok, "not vulnerable, no RSA key transport cipher");
        var suites = rsa.OrderBy(c => Array.IndexOf(PreferredOrder, c) is var i && i < 0 ? int.MaxValue : i).ToList();

        var first = await RoundAsync(endpoint, sni, best.Version, suites, withFinished: true, connector.Timeout, cancellation).ConfigureAwait(false);
        if (first.Failure is { } failure) return new(Id, AuditSeverity.Info, $"not tested: {failure}");
        var answers = first.Answers;
        var withFinished = true;
        if (Agree(answers))
        {
            // A server waits for more after a ClientKeyExchange alone, so each of these hellos costs the whole
            // window: what the first answers took plus 0.5 s (testssl.sh: plus 2 s), at most half the timeout.
            var slowest = first.Slowest + TimeSpan.FromMilliseconds(500);
            var window = slowest < connector.Timeout / 2 ? slowest : connector.Timeout / 2;
            var second = await RoundAsync(endpoint, sni, best.Version, suites, withFinished = false, window, cancellation).ConfigureAwait(false);
            if (second.Failure is null) answers = second.Answers;
        }
        if (!Agree(answers) && answers.Contains("timeout"))
        {
            // Differences that involve a timeout are checked once more, waiting as long as the timeout allows.
            var again = await RoundAsync(endpoint, sni, best.Version, suites, withFinished, connector.Timeout, cancellation).ConfigureAwait(false);
            if (again.Failure is null) answers = again.Answers;
        }
        if (Agree(answers)) return new(Id, AuditSeverity.Ok, "not vulnerable");
        return answers[1] == answers[2] && answers[2] == answers[3]
            ? new(Id, AuditSeverity.Medium, "VULNERABLE, but the attack would take too long")
            : new(Id, AuditSeverity.Critical, "VULNERABLE");
    }

    private static bool Agree(ImmutableArray<string> answers) => answers.Distinct().Count() == 1;

    private sealed record Round(ImmutableArray<string> Answers, TimeSpan Slowest, string? Failure);

    /// <summary>The five handshakes of one round, in parallel, each on a connection of its own.</summary>
    private async Task<Round> RoundAsync(NetworkEndpoint endpoint, string? sni, TlsVersion version, List<int> suites, bool withFinished, TimeSpan window, CancellationToken cancellation)
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 5).Select(Test)).ConfigureAwait(false);

        Task<(ServerFlight Flight, (string? Answer, TimeSpan Took, string? Failure) Result)> Test(int test) => HandshakeProbe.ConverseAsync(connector, endpoint, sni, version, suites, null,
            async (socket, flight, ct) =>
            {
                if (PublicKey(flight) is not { } key) return (Answer: (string?)null, Took: TimeSpan.Zero, Failure: "no RSA certificate in the server's flight");
                var negotiated = flight.Version ?? version;
                var messages = ClientKeyExchange(negotiated, Pad(test, key.Modulus!.Length, negotiated), key);
                if (withFinished) messages = [.. messages, .. Record(20, negotiated, [1]), .. Record(22, negotiated, Finished)];
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var reply = await HandshakeProbe.SendAndReadAsync(socket, messages, window, 8, ct).ConfigureAwait(false);
                return (Answer: reply.Signature, Took: System.Diagnostics.Stopwatch.GetElapsedTime(started), Failure: (string?)null);
            }, cancellation);

        foreach (var (flight, result) in runs)
        {
            if (result.Answer is null) return new Round([], TimeSpan.Zero, result.Failure ?? $"no ServerHello ({flight.Detail})");
        }
        return new Round([.. runs.Select(r => r.Result.Answer!)], runs.Max(r => r.Result.Took), null);
    }

    private static RSAParameters? PublicKey(ServerFlight flight)
    {
        if (flight.Certificates.IsEmpty) return null;
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(flight.Certificates[0]);
            using var rsa = certificate.GetRSAPublicKey();
            return rsa?.ExportParameters(false);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// The padded premaster secret of test 0 to 4: correct; wrong first two bytes; the zero separator in
    /// the wrong place; no zero separator; a wrong version (Klíma, Pokorný, Rosa).
    /// </summary>
    internal static byte[] Pad(int test, int length, TlsVersion version)
    {
        var padding = Enumerable.Range(0, length - 51).Select(i => i % 2 == 0 ? (byte)0xAB : (byte)0xCD).ToArray();
        byte[] v = [(byte)((int)version >> 8), (byte)version];
        return test switch
        {
            0 => [0x00, 0x02, .. padding, 0x00, .. v, .. Secret],
            1 => [0x41, 0x17, .. padding, 0x00, .. v, .. Secret],
            2 => [0x00, 0x02, .. padding, 0x11, .. Secret, 0x00, 0x11],
            3 => [0x00, 0x02, .. padding, 0x11, 0x11, 0x11, .. Secret],
            _ => [0x00, 0x02, .. padding, 0x00, 0x02, 0x02, .. Secret],
        };
    }

    /// <summary>A ClientKeyExchange record carrying <paramref name="padded"/> encrypted with raw RSA.</summary>
    private static byte[] ClientKeyExchange(TlsVersion version, byte[] padded, RSAParameters key)
    {
        var modulus = new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true);
        var exponent = new BigInteger(key.Exponent, isUnsigned: true, isBigEndian: true);
        var message = new BigInteger(padded, isUnsigned: true, isBigEndian: true);
        var encrypted = BigInteger.ModPow(message, exponent, modulus).ToByteArray(isUnsigned: true, isBigEndian: true);
        var k = key.Modulus!.Length;
        var block = new byte[k];
        encrypted.CopyTo(block, k - encrypted.Length);
        // With the two-byte length before it at every version, as testssl.sh sends it.
        byte[] body = [(byte)(k >> 8), (byte)k, .. block];
        byte[] handshake = [0x10, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
        return Record(22, version, handshake);
    }

    private static byte[] Record(byte type, TlsVersion version, byte[] payload) =>
        [type, (byte)((int)version >> 8), (byte)version, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];
}
