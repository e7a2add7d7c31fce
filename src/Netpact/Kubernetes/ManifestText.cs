namespace Netpact.Kubernetes;

/// <summary>
/// A manifest that comes from somewhere other than a file (an object read from a live cluster), with the name
/// its diagnostics give as the file, e.g. <c>cluster:prod/pods/shop/web-1</c>.
/// </summary>
public sealed record ManifestText(string Source, string Text);
