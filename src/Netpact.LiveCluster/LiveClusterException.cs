namespace Netpact.LiveCluster;

/// <summary>Thrown inside the live reader to stop it with one sentence for the user; always caught and turned into a Diagnostic.</summary>
internal sealed class LiveClusterException(string message) : Exception(message);
