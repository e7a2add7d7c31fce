using System.Collections.Immutable;
using Netpact.Audit.Net;
using Netpact.Audit.Targets;

namespace Netpact.Audit.Tls;

/// <summary>
/// Each reference client's hello (its highest version, its suites in its order, its groups), one
/// connection each, in parallel: what the server picks for it. Nothing beyond the server's first flight.
/// </summary>
public sealed class ClientSimulator(Connector connector)
{
    public async Task<ImmutableArray<ClientSimulation>> SimulateAsync(NetworkEndpoint endpoint, string? sni, CancellationToken cancellation)
    {
        var runs = await Task.WhenAll(ReferenceClients.All.Select(async client =>
        {
            var options = new HelloOptions
            {
                Groups = client.Groups.IsEmpty ? null : client.Groups,
                AlsoTls12 = client.Max == TlsVersion.Tls13,
            };
            var flight = await HandshakeProbe.RunAsync(connector, endpoint, sni, client.Max, client.Suites, cancellation, options).ConfigureAwait(false);
            var suite = flight.CipherSuite is { } code && client.Suites.Contains(code) ? CipherSuites.Find(code) : null;
            return flight.Outcome == HelloOutcome.ServerHello && flight.Version <= client.Max && suite is not null
                ? new ClientSimulation(client, flight.Version, suite, flight.KeyExchangeGroup)
                : new ClientSimulation(client, null, null, null);
        })).ConfigureAwait(false);
        return [.. runs];
    }
}
