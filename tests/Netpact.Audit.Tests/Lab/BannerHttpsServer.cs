using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Netpact.Audit.Tests.Lab;

/// <summary>
/// An HTTPS server for one test, built on SslStream (the system OpenSSL): TLS 1.2 only, the suites given,
/// and every response with the Server banner given. With RSA key transport CBC suites and an IIS 8.5
/// banner it looks, from outside, like the unpatched Windows 2012 R2 that testssl.sh's winshock heuristic
/// looks for.
/// </summary>
internal static class BannerHttpsServer
{
    public static LoopbackListener Start(string address, X509Certificate2 certificate, TlsCipherSuite[] suites, string banner) =>
        new(address, async (stream, ct) =>
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(20));
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    EnabledSslProtocols = SslProtocols.Tls12,
                    // CipherSuitesPolicy exists on Linux and macOS only; the lab runs on Linux.
                    CipherSuitesPolicy = OperatingSystem.IsWindows() ? null : new CipherSuitesPolicy(suites),
                }, deadline.Token);
                // Bounded: the request headers within 64 KiB, one response, then the connection ends.
                var buffer = new byte[65536];
                var total = 0;
                while (total < buffer.Length && !Encoding.Latin1.GetString(buffer, 0, total).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await tls.ReadAsync(buffer.AsMemory(total), deadline.Token);
                    if (n == 0) return;
                    total += n;
                }
                const string body = "<!DOCTYPE html><html><head><title>iis</title></head><body>iis</body></html>";
                var response = $"HTTP/1.1 200 OK\r\nServer: {banner}\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await tls.WriteAsync(Encoding.ASCII.GetBytes(response), deadline.Token);
            }
            catch (AuthenticationException)
            {
                // The audit's hand-made hellos never finish a handshake.
            }
        });
}
