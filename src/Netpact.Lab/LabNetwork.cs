using System.Globalization;
using System.Text;
using System.Text.Json;
using Netpact.Compilers;
using Netpact.Compilers.Nftables;
using Netpact.Model;

namespace Netpact.Lab;

/// <summary>
/// Builds and removes a lab: network namespaces named 'netpact-ID' (the bridge) and 'netpact-ID-HOST', a veth
/// pair from each host (eth0) to the bridge, addresses from 198.18.0.0/15, each workload's ruleset loaded in
/// its namespace and its workload sets filled with the lab's addresses. Nothing is created in the host's own
/// namespace: links are made inside the bridge namespace and their peers moved straight into the hosts.
/// </summary>
internal static class LabNetwork
{
    private const string NetnsDirectory = "/run/netns";
    private static readonly TimeSpan LinkWait = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Brings the lab up. When a step fails or <paramref name="cancellation"/> fires, removes what it made and
    /// rethrows: an interrupted 'up' leaves nothing behind.
    /// </summary>
    public static async Task UpAsync(LabPlan plan, IReadOnlyList<TextFile> rules, string rulesDirectory, Action<string> progress, CancellationToken cancellation)
    {
        LabEnvironment.Require();
        var existing = Namespaces(plan.Id);
        if (existing.Count > 0)
            throw new LabException($"lab {plan.Id} exists already ({existing.Count} namespaces); remove it with 'netpact lab down --id {plan.Id}', or choose another id");
        try
        {
            await BuildAsync(plan, rules, rulesDirectory, progress, cancellation).ConfigureAwait(false);
        }
        catch
        {
            progress("removing what the lab had made");
            await DownAsync(plan.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task BuildAsync(LabPlan plan, IReadOnlyList<TextFile> rules, string rulesDirectory, Action<string> progress, CancellationToken cancellation)
    {
        var ip = LabEnvironment.Ip;
        progress($"creating {plan.Hosts.Length + 1} network namespaces");
        var names = new[] { plan.BridgeNamespace }.Concat(plan.Hosts.Select(h => h.Namespace)).ToList();
        await SystemTool.CheckedAsync("creating network namespaces", ip, ["-batch", "-"],
            string.Concat(names.Select(n => $"netns add {n}\n")), cancellation).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();

        progress("linking the hosts to the lab's bridge");
        var bridge = new StringBuilder("link set lo up\nlink add br0 type bridge\nlink set br0 up\n");
        for (var i = 0; i < plan.Hosts.Length; i++)
        {
            bridge.Append(CultureInfo.InvariantCulture, $"link add v{i} type veth peer name eth0 netns {plan.Hosts[i].Namespace}\n");
            bridge.Append(CultureInfo.InvariantCulture, $"link set v{i} master br0\nlink set v{i} up\n");
        }
        await SystemTool.CheckedAsync("linking the hosts to the bridge", ip, ["-n", plan.BridgeNamespace, "-batch", "-"], bridge.ToString(), cancellation).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();

        progress("addressing the hosts (198.18.0.0/15)");
        await Task.WhenAll(plan.Hosts.Select(h =>
        {
            var batch = new StringBuilder("link set lo up\n");
            foreach (var a in h.Addresses) batch.Append(CultureInfo.InvariantCulture, $"addr add {a.Address}/{LabPlan.PrefixLength} dev eth0\n");
            batch.Append("link set eth0 up\n");
            return SystemTool.CheckedAsync($"addressing {h.Name}", ip, ["-n", h.Namespace, "-batch", "-"], batch.ToString(), cancellation);
        })).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();

        var byHost = rules.Where(f => f.Path.EndsWith(".nft", StringComparison.Ordinal))
            .GroupBy(f => Path.GetFileNameWithoutExtension(f.Path))
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        progress($"loading {byHost.Count} rulesets with nft");
        Directory.CreateDirectory(rulesDirectory);
        await Task.WhenAll(plan.Hosts.Where(h => byHost.ContainsKey(h.Name)).Select(async h =>
        {
            foreach (var (file, i) in byHost[h.Name].Select((f, i) => (f, i)))
            {
                var path = Path.Combine(rulesDirectory, byHost[h.Name].Count == 1 ? $"{h.Name}.nft" : $"{h.Name}.{i}.nft");
                await File.WriteAllTextAsync(path, file.Content, cancellation).ConfigureAwait(false);
                await SystemTool.CheckedAsync($"loading {file.Path} into {h.Name}", ip, ["netns", "exec", h.Namespace, LabEnvironment.Nft, "-f", path], null, cancellation).ConfigureAwait(false);
            }
            await FillSetsAsync(plan, h, progress, cancellation).ConfigureAwait(false);
        })).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();

        progress("waiting for the links to come up");
        await WaitForLinksAsync(plan, cancellation).ConfigureAwait(false);
    }

    /// <summary>Puts the lab's addresses in every set named after a workload ('workload.NAME') and in 'workloads'.</summary>
    private static async Task FillSetsAsync(LabPlan plan, LabHost host, Action<string> progress, CancellationToken cancellation)
    {
        var listed = await SystemTool.CheckedAsync($"listing the sets of {host.Name}", LabEnvironment.Ip,
            ["netns", "exec", host.Namespace, LabEnvironment.Nft, "-j", "list", "sets"], null, cancellation).ConfigureAwait(false);
        var commands = new StringBuilder();
        using var json = JsonDocument.Parse(listed);
        foreach (var item in json.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (!item.TryGetProperty("set", out var set)) continue;
            var (family, table, name) = (set.GetProperty("family").GetString()!, set.GetProperty("table").GetString()!, set.GetProperty("name").GetString()!);
            var addresses = plan.WorkloadAddresses.Where(w => NftablesLayerCompiler.SetOf(w.Key) == name || name == NftablesLayerCompiler.AllWorkloadSets[0]).Select(w => w.Value).ToList();
            if (addresses.Count == 0) continue;
            if (set.GetProperty("type").ValueKind != JsonValueKind.String || set.GetProperty("type").GetString() != "ipv4_addr")
            {
                progress($"warning: set {name} of {host.Name} does not hold IPv4 addresses; the lab's addresses are not put in it");
                continue;
            }
            var elements = string.Join(", ", addresses.Select(a => Model.Cidr.FormatAddress(false, a.First)));
            commands.Append(CultureInfo.InvariantCulture, $"flush set {family} {table} {name}\nadd element {family} {table} {name} {{ {elements} }}\n");
        }
        if (commands.Length == 0) return;
        await SystemTool.CheckedAsync($"filling the workload sets of {host.Name}", LabEnvironment.Ip,
            ["netns", "exec", host.Namespace, LabEnvironment.Nft, "-f", "-"], commands.ToString(), cancellation).ConfigureAwait(false);
    }

    private static async Task WaitForLinksAsync(LabPlan plan, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + LinkWait;
        foreach (var host in plan.Hosts)
        {
            for (var attempt = 0; ; attempt++)
            {
                var shown = await SystemTool.RunAsync(LabEnvironment.Ip, ["-n", host.Namespace, "-o", "link", "show", "dev", "eth0"], null, null, cancellation).ConfigureAwait(false);
                if (shown.ExitCode == 0 && shown.Stdout.Contains("state UP", StringComparison.Ordinal)) break;
                if (DateTime.UtcNow > deadline || attempt > 100)
                    throw new LabException($"the link of {host.Name} did not come up within {LinkWait.TotalSeconds:0} s: {shown.Stdout.Trim()}{shown.Stderr.Trim()}");
                await Task.Delay(100, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Removes every namespace of the lab (links, bridge and rules go with them); returns their names.</summary>
    public static async Task<IReadOnlyList<string>> DownAsync(string id, CancellationToken cancellation)
    {
        var names = Namespaces(id);
        if (names.Count == 0) return [];
        // -force: go on after a namespace that is already gone.
        await SystemTool.RunAsync(LabEnvironment.Ip, ["-force", "-batch", "-"], string.Concat(names.Select(n => $"netns del {n}\n")), null, cancellation).ConfigureAwait(false);
        var left = Namespaces(id);
        if (left.Count > 0) throw new LabException($"could not remove {string.Join(", ", left)}; remove them with 'ip netns del NAME'");
        return names;
    }

    /// <summary>The namespaces of lab <paramref name="id"/>, by name.</summary>
    public static IReadOnlyList<string> Namespaces(string id)
    {
        var prefix = LabPlan.NamespacePrefixOf(id);
        return [.. AllNamespaces().Where(n => n == prefix || n.StartsWith(prefix + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The ids of every lab that has namespaces on this machine.</summary>
    public static IReadOnlyList<string> LabIds() =>
        [.. AllNamespaces().Where(n => n.StartsWith(LabPlan.Prefix + "-", StringComparison.Ordinal))
            .Select(n => n[(LabPlan.Prefix.Length + 1)..].Split('-')[0]).Where(LabPlan.IsValidId).Distinct().Order(StringComparer.Ordinal)];

    private static IEnumerable<string> AllNamespaces() =>
        Directory.Exists(NetnsDirectory) ? Directory.EnumerateFiles(NetnsDirectory).Select(p => Path.GetFileName(p)!) : [];

    /// <summary>The packets each workload's rules dropped, per hook, from the counters of rules that drop.</summary>
    public static async Task<IReadOnlyList<LabDrops>> DropsAsync(LabPlan plan, CancellationToken cancellation)
    {
        var result = await Task.WhenAll(plan.Hosts.Where(h => !h.Outside).Select(async h =>
        {
            var listed = await SystemTool.RunAsync(LabEnvironment.Ip, ["netns", "exec", h.Namespace, LabEnvironment.Nft, "-j", "list", "ruleset"], null, null, cancellation).ConfigureAwait(false);
            long input = 0, output = 0;
            if (listed.ExitCode != 0) return new LabDrops(h.Name, 0, 0);
            using var json = JsonDocument.Parse(listed.Stdout);
            var hooks = new Dictionary<(string, string, string), string>();
            foreach (var item in json.RootElement.GetProperty("nftables").EnumerateArray())
            {
                if (item.TryGetProperty("chain", out var chain) && chain.TryGetProperty("hook", out var hook))
                    hooks[(chain.GetProperty("family").GetString()!, chain.GetProperty("table").GetString()!, chain.GetProperty("name").GetString()!)] = hook.GetString()!;
                if (!item.TryGetProperty("rule", out var rule)) continue;
                var key = (rule.GetProperty("family").GetString()!, rule.GetProperty("table").GetString()!, rule.GetProperty("chain").GetString()!);
                long packets = 0;
                var drops = false;
                foreach (var e in rule.GetProperty("expr").EnumerateArray())
                {
                    if (e.TryGetProperty("counter", out var counter) && counter.ValueKind == JsonValueKind.Object && counter.TryGetProperty("packets", out var p)) packets = p.GetInt64();
                    if (e.TryGetProperty("drop", out _) || e.TryGetProperty("reject", out _)) drops = true;
                }
                if (!drops || !hooks.TryGetValue(key, out var h2)) continue;
                if (h2 is "input" or "prerouting") input += packets;
                else if (h2 is "output" or "postrouting") output += packets;
            }
            return new LabDrops(h.Name, input, output);
        })).ConfigureAwait(false);
        return result;
    }
}
