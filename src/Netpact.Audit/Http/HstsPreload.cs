namespace Netpact.Audit.Http;

/// <summary>
/// The Observatory's HSTS preload lookup. Its list is downloaded when the Observatory is installed;
/// netpact does not ship it, so no host counts as preloaded (see docs/audit.md).
/// </summary>
internal static class HstsPreload
{
    public static bool IsPreloaded(string host)
    {
        _ = host;
        return false;
    }
}
