using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Netpact.Audit.Net;
using Netpact.Audit.Targets;

namespace Netpact.Audit.Tls;

/// <summary>
/// Finds which versions and suites a server accepts, one hand-built ClientHello at a time: offer every
/// suite of a version, note the one the server picks, take it away, ask again, until it refuses.
/// Versions are probed in parallel; the certificate comes from one full BouncyCastle handshake.
/// </summary>
public sealed class TlsScanner(Connector connector, X509Certificate2Collection? trustAnchors, TimeProvider time)
{
    public async Task<TlsScanResult> ScanAsync(NetworkEndpoint endpoint, string? serverName, CancellationToken cancellation)
    {
        var sni = serverName ?? (endpoint.HostIsAddress ? null : endpoint.Host);
        var versionTasks = TlsVersions.All.Select(v => ProbeVersionAsync(endpoint, sni, v, cancellation)).ToArray();
        var certificateTask = BouncyCastleHandshake.RunAsync(connector, endpoint, sni, cancellation);
        var versions = await Task.WhenAll(versionTasks).ConfigureAwait(false);
        var handshake = await certificateTask.ConfigureAwait(false);

        var protocols = versions.Select(v => v.Support).ToImmutableArray();
        var flights = versions.SelectMany(v => v.Flights).ToList();
        var first = versions.Select(v => v.FirstFlight).ToList();
        string? error = null;
        if (!protocols.Any(p => p.Offered))
        {
            error = first.All(f => f.Outcome is HelloOutcome.Refused or HelloOutcome.Unreachable or HelloOutcome.Timeout)
                ? $"{endpoint}: {first[0].Detail}"
                : first.FirstOrDefault(f => f.Outcome == HelloOutcome.NotTls) is { } garbage
                    ? $"{endpoint}: not a TLS server ({garbage.Detail})"
                    : $"{endpoint}: no TLS handshake succeeded ({string.Join("; ", first.Select(f => f.Detail).Distinct())})";
        }

        // The chain: from the complete handshake; else from a plaintext pre-1.3 flight (NULL-only, SSLv3-only servers).
        var chain = handshake.Chain.IsEmpty ? flights.FirstOrDefault(f => !f.Certificates.IsEmpty)?.Certificates ?? [] : handshake.Chain;
        CertificateInfo? certificate = null;
        if (!chain.IsEmpty)
        {
            try
            {
                certificate = CertificateInfo.Analyze(chain, sni ?? endpoint.Host, trustAnchors, time.GetUtcNow());
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                error ??= $"{endpoint}: the server's certificate cannot be read ({e.Message})";
            }
        }
        var stapled = handshake.OcspStapled || flights.Any(f => f.OcspStapled);
        var vulnerabilityTask = new VulnerabilityScanner(connector).ScanAsync(endpoint, sni, protocols, cancellation);
        var simulationTask = protocols.Any(p => p.Offered) ? new ClientSimulator(connector).SimulateAsync(endpoint, sni, cancellation) : Task.FromResult(ImmutableArray<ClientSimulation>.Empty);
        var probed = await ProbeGroupsAsync(endpoint, sni, protocols, cancellation).ConfigureAwait(false);
        var vulnerabilities = await vulnerabilityTask.ConfigureAwait(false);
        var groups = flights.Select(f => f.KeyExchangeGroup).OfType<string>().Where(g => !g.StartsWith("DH ", StringComparison.Ordinal))
            .Concat(probed).Distinct().OrderBy(GroupOrder).ToImmutableArray();
        var dh = flights.Select(f => f.DhPrimeBits).OfType<int>().DefaultIfEmpty().Min();
        var simulations = await simulationTask.ConfigureAwait(false);
        return new TlsScanResult(protocols, groups, dh == 0 ? null : dh, certificate, stapled, error) { Vulnerabilities = vulnerabilities, ClientSimulations = simulations };
    }

    /// <summary>
    /// Every group the server accepts, as testssl.sh lists them: one hello per group, offering only that
    /// group (TLS 1.2 with the ECDHE suites it accepted; TLS 1.3 with no key share, so a server that
    /// supports the group asks for it). Bounded: one probe per known group and version, in parallel.
    /// </summary>
    private async Task<IReadOnlyList<string>> ProbeGroupsAsync(NetworkEndpoint endpoint, string? sni, ImmutableArray<ProtocolSupport> protocols, CancellationToken cancellation)
    {
        var probes = new List<Task<IEnumerable<string>>>();
        var tls12 = protocols.FirstOrDefault(p => p.Version == TlsVersion.Tls12 && p.Offered)?.Suites.Where(s => s.KeyExchange == "ECDH" && s.IsForwardSecret).ToList();
        if (tls12 is { Count: > 0 }) probes.Add(ProbeTls12CurvesAsync(endpoint, sni, tls12, cancellation));
        var tls13 = protocols.FirstOrDefault(p => p.Version == TlsVersion.Tls13 && p.Offered)?.Suites.Select(s => s.Code).ToList();
        if (tls13 is { Count: > 0 })
        {
            foreach (var group in ClientHello.Groups)
                probes.Add(ProbeGroupAsync(endpoint, sni, TlsVersion.Tls13, tls13, group, cancellation));
        }
        var found = await Task.WhenAll(probes).ConfigureAwait(false);
        return [.. found.SelectMany(f => f)];
    }

    /// <summary>
    /// TLS 1.2 curves as testssl.sh finds them: offer the curves not yet seen, note the one the server
    /// picks, repeat. Without an RSA certificate the curves already seen go last in the list, as a server
    /// before TLS 1.3 hangs up on a client that does not list its certificate's curve. Bounded by the list.
    /// </summary>
    private async Task<IEnumerable<string>> ProbeTls12CurvesAsync(NetworkEndpoint endpoint, string? sni, List<CipherSuite> suites, CancellationToken cancellation)
    {
        var rsa = suites.Any(s => s.Authentication == "RSA");
        var remaining = ClientHello.Groups.Where(g => g < 256).ToList();
        var found = new List<ushort>();
        for (var round = 0; round < ClientHello.Groups.Length && remaining.Count > 0; round++)
        {
            List<ushort> offered = rsa ? [.. remaining] : [.. remaining, .. found];
            var flight = await HandshakeProbe.RunAsync(connector, endpoint, sni, TlsVersion.Tls12, suites.Select(s => s.Code), cancellation,
                new HelloOptions { Groups = offered }).ConfigureAwait(false);
            var picked = remaining.FirstOrDefault(g => HandshakeProbe.GroupName(g) == flight.KeyExchangeGroup);
            if (flight.Outcome != HelloOutcome.ServerHello || picked == 0) break;
            remaining.Remove(picked);
            found.Add(picked);
        }
        return found.Select(g => HandshakeProbe.GroupName(g));
    }

    private async Task<IEnumerable<string>> ProbeGroupAsync(NetworkEndpoint endpoint, string? sni, TlsVersion version, List<int> suites, ushort group, CancellationToken cancellation)
    {
        var flight = await HandshakeProbe.RunAsync(connector, endpoint, sni, version, suites, cancellation, new HelloOptions { Groups = [group] }).ConfigureAwait(false);
        var name = HandshakeProbe.GroupName(group);
        return flight.Outcome == HelloOutcome.ServerHello && flight.Version == version && flight.KeyExchangeGroup == name ? [name] : [];
    }

    /// <summary>Groups in the order testssl.sh prints them: by the code point, X25519/X448 after the NIST curves, FFDHE last.</summary>
    private static int GroupOrder(string name)
    {
        var index = Array.FindIndex(ClientHello.Groups, g => HandshakeProbe.GroupName(g) == name);
        return index < 0 ? int.MaxValue : ClientHello.Groups[index] is 29 or 30 ? 100 + ClientHello.Groups[index] : ClientHello.Groups[index];
    }

    private sealed record VersionProbe(ProtocolSupport Support, ServerFlight FirstFlight, IReadOnlyList<ServerFlight> Flights);

    private async Task<VersionProbe> ProbeVersionAsync(NetworkEndpoint endpoint, string? sni, TlsVersion version, CancellationToken cancellation)
    {
        var remaining = CipherSuites.For(version).Select(s => s.Code).ToList();
        var accepted = new List<CipherSuite>();
        var flights = new List<ServerFlight>();
        ServerFlight? first = null;
        // Bounded: each round removes one suite, so at most one round per known suite plus the refusal.
        for (var round = 0; round <= CipherSuites.All.Count && remaining.Count > 0; round++)
        {
            var flight = await HandshakeProbe.RunAsync(connector, endpoint, sni, version, remaining, cancellation).ConfigureAwait(false);
            first ??= flight;
            if (flight.Outcome != HelloOutcome.ServerHello || flight.Version != version || flight.CipherSuite is not { } code) break;
            flights.Add(flight);
            var suite = CipherSuites.Find(code);
            if (suite is null || !remaining.Remove(code)) break;   // a suite we did not offer: stop rather than loop
            accepted.Add(suite);
        }
        first ??= ServerFlight.Failed(HelloOutcome.Closed, "not probed");
        var offered = accepted.Count > 0;
        var detail = offered ? $"offered, {accepted.Count} suites"
            : first.Outcome == HelloOutcome.ServerHello ? $"not offered (server answered {first.Version?.Display()})"
            : $"not offered ({first.Detail})";
        return new VersionProbe(new ProtocolSupport(version, offered, [.. accepted], detail), first, flights);
    }
}
