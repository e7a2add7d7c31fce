using System.Text;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// The quarantine on Docker Compose: a script that disconnects the target's containers from every network (what a
/// running project allows), proven by reading the compose file back with the target's services on `network_mode:
/// none`, which is what the disconnection leaves. A Compose network admits every port between its members, so
/// neither DNS nor a forensic source can be kept: forensics go through `docker exec`.
/// </summary>
internal static class ComposeQuarantine
{
    public const string Folder = "compose";

    public static TextFile Script(Intent intent, QuarantineRequest request, IReadOnlyList<IntentWorkload> targets)
    {
        var project = intent.Targets.ComposeProject;
        var t = new StringBuilder();
        t.Append("#!/bin/sh\n");
        t.Append($"# Quarantine of {request.Target} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {QuarantineManifests.ReasonAnnotation}: {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {QuarantineManifests.CreatedAnnotation}: {QuarantineManifests.Created(request.Created)}\n");
        t.Append($"# Disconnects every container of the quarantined services of Compose project '{project}' from every network it is on.\n");
        t.Append("# A Compose network admits every port between its members: no forensic source and no DNS can be kept; use\n");
        t.Append("# 'docker exec' for forensics. Undo: docker compose -p " + project + " up -d --force-recreate "
                 + string.Join(' ', targets.Select(w => w.Name)) + "\n");
        t.Append("set -eu\n");
        foreach (var w in targets)
        {
            t.Append($"for container in $(docker compose -p {project} ps -q {w.Name}); do\n");
            t.Append("  for network in $(docker inspect -f '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}' \"$container\"); do\n");
            t.Append("    docker network disconnect --force \"$network\" \"$container\"\n");
            t.Append("  done\n");
            t.Append("done\n");
        }
        return new TextFile($"{Folder}/quarantine.sh", t.ToString());
    }

    /// <summary>
    /// The compiled compose files with each quarantined service's `networks:` list replaced by `network_mode: none`
    /// (the state the script leaves). Null when a file does not have the shape the compiler writes.
    /// </summary>
    public static IReadOnlyList<TextFile>? Disconnected(IReadOnlyList<TextFile> compiled, IReadOnlyList<IntentWorkload> targets)
    {
        var names = targets.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var result = new List<TextFile>();
        foreach (var file in compiled)
        {
            var lines = file.Content.Split('\n');
            var output = new List<string>();
            var inServices = false;
            string? service = null;
            var skipping = false;
            var replaced = 0;
            foreach (var line in lines)
            {
                if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('#')) inServices = line.TrimEnd() == "services:";
                if (inServices && line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(':'))
                    service = line.Trim().TrimEnd(':');
                if (skipping)
                {
                    if (line.StartsWith("      - ", StringComparison.Ordinal)) continue;
                    skipping = false;
                }
                if (inServices && service is not null && names.Contains(service) && line.TrimEnd() == "    networks:")
                {
                    output.Add("    network_mode: none # quarantined: disconnected from every network");
                    skipping = true;
                    replaced++;
                    continue;
                }
                output.Add(line);
            }
            result.Add(file with { Content = string.Join('\n', output) });
            if (replaced > 0) names.ExceptWith(targets.Select(w => w.Name).Where(n => file.Content.Contains($"\n  {n}:\n", StringComparison.Ordinal)));
        }
        return names.Count == 0 ? result : null;
    }
}
