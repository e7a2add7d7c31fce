namespace Netpact.Model;

/// <summary>The transport protocols a NetworkPolicy can name, in the order reports list them.</summary>
public enum Protocol { SCTP = 0, TCP = 1, UDP = 2 }
