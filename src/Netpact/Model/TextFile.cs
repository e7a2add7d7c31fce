namespace Netpact.Model;

/// <summary>
/// A file's path and text: one a user hands over (its path as given), or one a compiler writes (its path relative
/// to the output folder).
/// </summary>
public sealed record TextFile(string Path, string Content);
