using Netpact.Model;

namespace Netpact.Intents;

/// <summary>Semantic checks of an intent: names, ports, isolation. Every problem is reported, with its place.</summary>
internal static class IntentValidator
{
    /// <param name="unreadable">Zones and workloads the reader already reported as broken: checks that would only
    /// repeat that error for everything naming them are left out.</param>
    /// <param name="withUnreadablePorts">Workloads with a port the reader reported and dropped: their ports are not
    /// checked against flows, since the missing port may be the one a flow names.</param>
    public static void Validate(Intent intent, List<Diagnostic> diagnostics, IReadOnlySet<string> unreadable, IReadOnlySet<string> withUnreadablePorts)
    {
        void Error(SourceSpan span, string message) => diagnostics.Add(Diagnostic.Error(span, message));
        void Warning(SourceSpan span, string message) => diagnostics.Add(Diagnostic.Warning(span, message));

        var names = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (name, span) in intent.Zones.Select(z => (z.Name, z.Span)).Concat(intent.Workloads.Select(w => (w.Name, w.Span))))
        {
            if (name == "internet") Error(span, "'internet' is reserved for addresses outside every zone; choose another name");
            else if (!names.TryAdd(name, span)) Error(span, $"the name '{name}' is used twice (first at {names[name]}); zones and workloads share one namespace of names");
        }

        foreach (var zone in intent.Zones)
        {
            foreach (var other in zone.IsolatedFrom)
            {
                if (other != "internet" && intent.Zone(other) is null && intent.Workload(other) is null && !unreadable.Contains(other))
                    Error(zone.Span, $"zone '{zone.Name}' is isolated from '{other}', which is no zone or workload of this intent");
            }
        }

        foreach (var w in intent.Workloads)
        {
            if (intent.Zone(w.Zone) is null && !unreadable.Contains(w.Zone))
                Error(w.Span, $"workload '{w.Name}' is in zone '{w.Zone}', which is not declared under 'zones'");
            foreach (var group in w.Ports.Where(p => p.Name is not null).GroupBy(p => p.Name).Where(g => g.Count() > 1))
                Error(group.Skip(1).First().Span, $"workload '{w.Name}' names two ports '{group.Key}'; port names must be unique");
            foreach (var group in w.Ports.GroupBy(p => (p.Port, p.Protocol)).Where(g => g.Count() > 1))
                Error(group.Skip(1).First().Span, $"workload '{w.Name}' declares {group.Key.Port}/{group.Key.Protocol} twice");
        }

        var seenFlows = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var flow in intent.Flows)
        {
            if (!seenFlows.TryAdd(flow.Id, flow.Span))
                Error(flow.Span, $"flow '{flow.Id}' is declared twice (first at {seenFlows[flow.Id]}); merge them or give one a 'name'");
            if (flow.From.IsExternal && flow.To.IsExternal)
                Error(flow.Span, "a flow needs a workload or zone on at least one end; external to external is not the cluster's business");
            CheckPorts(intent, flow, withUnreadablePorts, Error, Warning);
            CheckIsolation(intent, flow, Error);
        }

        // The reader has made sure defaults.dns names a workload.
        if (intent.Defaults.DnsResolver is { } dns && intent.Workload(dns) is { } resolver && !withUnreadablePorts.Contains(dns)
            && !resolver.Ports.Any(p => p.Port == 53 && p.Protocol == Protocol.UDP))
            Error(resolver.Span, $"the DNS resolver '{dns}' must expose 53/UDP (and usually 53/TCP)");
    }

    private static void CheckPorts(Intent intent, Flow flow, IReadOnlySet<string> withUnreadablePorts, Action<SourceSpan, string> error, Action<SourceSpan, string> warning)
    {
        var destinations = IntendedFlows.Workloads(intent, flow.To).ToList();
        if (destinations.Any(w => withUnreadablePorts.Contains(w.Name))) return;
        if (flow.To.Kind == FlowEndKind.Zone && destinations.Count == 0)
            error(flow.To.Span, $"zone '{flow.To.Text}' has no workloads, so this flow reaches nothing");
        // Not an error: an intent may name a flow it does not open yet; but it is rarely what was meant.
        else if (!flow.To.IsExternal && flow.Ports.IsEmpty && destinations.All(w => w.Ports.IsEmpty))
            warning(flow.To.Span, flow.To.Kind == FlowEndKind.Zone
                ? $"no workload of zone '{flow.To.Text}' declares a port, so this flow allows nothing; list the workloads' ports, or remove the flow"
                : $"workload '{flow.To.Text}' declares no ports, so this flow allows nothing; list its ports under 'ports', or remove the flow");
        foreach (var port in flow.Ports)
        {
            if (flow.To.IsExternal)
            {
                if (port.Name is not null)
                    error(port.Span, $"port '{port.Name}' is a name, but '{flow.To.Text}' is outside the cluster and has no named ports; give a number such as 443/TCP");
                continue;
            }
            var exposing = destinations.Where(w => IntendedFlows.Exposes(w, port)).ToList();
            if (exposing.Count > 0) continue;
            var what = port.Name is not null ? $"a port named '{port.Name}'" : $"{port.Port}/{port.Protocol}";
            error(port.Span, flow.To.Kind == FlowEndKind.Zone
                ? $"no workload of zone '{flow.To.Text}' exposes {what}"
                : $"workload '{flow.To.Text}' does not expose {what}; " + Declared(destinations.SelectMany(w => w.Ports)));
        }
    }

    private static string Declared(IEnumerable<IntentPort> ports) =>
        ports.Any() ? $"it declares {string.Join(", ", ports)}" : "it declares no ports; list them under its 'ports'";

    private static void CheckIsolation(Intent intent, Flow flow, Action<SourceSpan, string> error)
    {
        var sourceNames = flow.From.IsExternal
            ? ["internet"]
            : IntendedFlows.Workloads(intent, flow.From).SelectMany(w => new[] { w.Name, w.Zone }).ToHashSet();
        foreach (var dst in IntendedFlows.Workloads(intent, flow.To))
        {
            var zone = intent.Zone(dst.Zone);
            var blocked = zone?.IsolatedFrom.FirstOrDefault(sourceNames.Contains);
            if (blocked is not null)
            {
                error(flow.Span, $"flow {flow} enters zone '{zone!.Name}', which is isolated from '{blocked}' (zone at {zone.Span})");
                return;
            }
        }
    }
}
