using System.Collections.Immutable;
using System.Globalization;
using Netpact.Model;

namespace Netpact.Cli.Tests.Conformance;

/// <summary>
/// One probe of the suite: a protocol and port, the pods in table order, and for every ordered pair whether the
/// suite expects a connection; null for a pod to itself, which the suite does not judge.
/// </summary>
internal sealed record TruthTable(Protocol Protocol, int Port, ImmutableArray<string> Pods, ImmutableArray<ImmutableArray<bool?>> Expected, int Line)
{
    public string Probe => $"{Protocol}/{Port}";
}

/// <summary>
/// Reads expected.txt of tests/testdata/kubernetes-e2e (the format is described in its README.md): blocks of a
/// probe line (TCP/80), a header line ("-" and the destination pods) and one row per source pod with "." for
/// connected, "X" for blocked and "-" on the diagonal. Anything else is rejected, so a broken table cannot pass
/// by checking less.
/// </summary>
internal static class TruthTableFile
{
    public static ImmutableArray<TruthTable> Parse(string text, string file)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var tables = new List<TruthTable>();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                i++;
                continue;
            }
            var (protocol, port) = ParseProbe(line, file, i + 1);
            var probeLine = i + 1;
            if (tables.Any(t => t.Protocol == protocol && t.Port == port))
                throw Error(file, probeLine, $"probe {protocol}/{port} appears twice");
            i++;
            if (i >= lines.Length || lines[i].Trim().Length == 0)
                throw Error(file, i + 1, $"probe {protocol}/{port} has no table: expected a header line starting with '-'");
            var header = Tokens(lines[i]);
            if (header[0] != "-") throw Error(file, i + 1, $"the header line must start with '-', found '{header[0]}'");
            var pods = header[1..].ToImmutableArray();
            if (pods.Length < 2) throw Error(file, i + 1, "the header line must name at least two pods");
            foreach (var pod in pods)
            {
                var parts = pod.Split('/');
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                    throw Error(file, i + 1, $"'{pod}' is not a pod as namespace/name");
            }
            if (pods.Distinct(StringComparer.Ordinal).Count() != pods.Length) throw Error(file, i + 1, "the header line names a pod twice");
            i++;
            var rows = ImmutableArray.CreateBuilder<ImmutableArray<bool?>>(pods.Length);
            for (var row = 0; row < pods.Length; row++, i++)
            {
                if (i >= lines.Length || lines[i].Trim().Length == 0)
                    throw Error(file, i + 1, $"the table of {protocol}/{port} ends after {row} rows; expected {pods.Length}, one per pod");
                rows.Add(ParseRow(Tokens(lines[i]), pods, row, file, i + 1));
            }
            if (i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].TrimStart().StartsWith('#'))
                throw Error(file, i + 1, $"the table of {protocol}/{port} has more rows than pods ({pods.Length}); end it with a blank line");
            tables.Add(new TruthTable(protocol, port, pods, rows.MoveToImmutable(), probeLine));
        }
        if (tables.Count == 0) throw Error(file, lines.Length, "no probe: expected a line like TCP/80 followed by a table");
        return [.. tables];
    }

    private static (Protocol, int) ParseProbe(string line, string file, int lineNumber)
    {
        var slash = line.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !Enum.TryParse<Protocol>(line[..slash], ignoreCase: false, out var protocol)
            || !Enum.IsDefined(protocol)
            || line[..slash] != protocol.ToString()
            || !int.TryParse(line[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw Error(file, lineNumber, $"expected a probe like TCP/80, UDP/81 or SCTP/80, found '{line}'");
        }
        return (protocol, port);
    }

    private static ImmutableArray<bool?> ParseRow(string[] tokens, ImmutableArray<string> pods, int row, string file, int lineNumber)
    {
        if (tokens[0] != pods[row]) throw Error(file, lineNumber, $"row {row + 1} must be the pod '{pods[row]}' (rows follow the header's order), found '{tokens[0]}'");
        if (tokens.Length - 1 != pods.Length)
            throw Error(file, lineNumber, $"the row of {pods[row]} has {tokens.Length - 1} cells; expected {pods.Length}, one per pod");
        var cells = ImmutableArray.CreateBuilder<bool?>(pods.Length);
        for (var column = 0; column < pods.Length; column++)
        {
            var cell = tokens[column + 1];
            var self = column == row;
            cells.Add(cell switch
            {
                "-" when self => null,
                "." when !self => true,
                "X" when !self => false,
                "-" => throw Error(file, lineNumber, $"'-' belongs only on the diagonal, found at {pods[row]} -> {pods[column]}"),
                "." or "X" => throw Error(file, lineNumber, $"{pods[row]} -> itself must be '-' (not judged), found '{cell}'"),
                _ => throw Error(file, lineNumber, $"unknown mark '{cell}' at {pods[row]} -> {pods[column]}; expected '.', 'X' or '-'"),
            });
        }
        return cells.MoveToImmutable();
    }

    private static string[] Tokens(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static FormatException Error(string file, int line, string message) => new($"{file}:{line}: {message}");
}
