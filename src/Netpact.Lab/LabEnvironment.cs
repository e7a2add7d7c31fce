namespace Netpact.Lab;

/// <summary>What the lab needs from the machine: Linux, root, iproute2's ip and nftables' nft.</summary>
internal static class LabEnvironment
{
    private static readonly string[] SystemDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    public static string Ip => Find("ip") ?? "ip";

    public static string Nft => Find("nft") ?? "nft";

    /// <summary>Each missing prerequisite as a sentence saying what to do; empty when the lab can run.</summary>
    public static IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            missing.Add("the lab needs Linux network namespaces; this is not Linux");
            return missing;
        }
        if (!Environment.IsPrivilegedProcess) missing.Add("the lab needs root to create network namespaces and load nftables rules: run it as root (sudo netpact lab ...)");
        if (Find("ip") is null) missing.Add("'ip' (iproute2) is not installed: apt-get install iproute2");
        if (Find("nft") is null) missing.Add("'nft' (nftables) is not installed: apt-get install nftables");
        return missing;
    }

    public static void Require()
    {
        var missing = Missing();
        if (missing.Count > 0) throw new LabException(string.Join("; ", missing));
    }

    private static string? Find(string tool)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(SystemDirectories).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
    }
}
