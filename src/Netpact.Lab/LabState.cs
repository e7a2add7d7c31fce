using System.Text.Json;

namespace Netpact.Lab;

/// <summary>
/// What 'lab up' leaves for 'lab probe' and 'lab down', under /run/netpact/labs/ID (gone at reboot, like the
/// namespaces): the intent as it was read, the rulesets as loaded, and the listener process.
/// </summary>
public sealed record LabState(string Id, string IntentFile, string Rules, int? ListenerPid, bool Sctp, DateTimeOffset Created)
{
    public const string Root = "/run/netpact/labs";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string DirectoryOf(string id) => Path.Combine(Root, id);

    public static string IntentCopyOf(string id) => Path.Combine(DirectoryOf(id), "intent.yaml");

    public static string RulesOf(string id) => Path.Combine(DirectoryOf(id), "rules");

    public static string ReadyFileOf(string id) => Path.Combine(DirectoryOf(id), "listening");

    public void Save() => File.WriteAllText(Path.Combine(DirectoryOf(Id), "state.json"), JsonSerializer.Serialize(this, Json));

    public static LabState? Load(string id)
    {
        var path = Path.Combine(DirectoryOf(id), "state.json");
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<LabState>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new LabException($"{path}: the lab's state is damaged ({e.Message}); remove the lab with 'netpact lab down --id {id}'", e);
        }
    }

    /// <summary>The labs with saved state.</summary>
    public static IReadOnlyList<string> Ids() =>
        Directory.Exists(Root) ? [.. Directory.EnumerateDirectories(Root).Select(d => Path.GetFileName(d)!).Where(LabPlan.IsValidId).Order(StringComparer.Ordinal)] : [];

    public static void Remove(string id)
    {
        if (Directory.Exists(DirectoryOf(id))) Directory.Delete(DirectoryOf(id), recursive: true);
    }
}
