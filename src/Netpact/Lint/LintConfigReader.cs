using System.Collections.Immutable;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;
using Netpact.Sources.Yaml;

namespace Netpact.Lint;

/// <summary>The configuration file and every problem found in it.</summary>
public sealed record LintConfigResult(LintConfig Config, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Reads the lint configuration (YAML):
/// <code>
/// ignore:
///   - rule: ZT004            # one id or several, comma-separated
///     target: shop/web       # NS/NAME of a policy or workload, or NS for a whole namespace; leave out for everywhere
///     reason: the health check must be public
/// clients:
///   databases/postgresql: [noa-server/noa-server]
/// </code>
/// </summary>
public static class LintConfigReader
{
    public static LintConfigResult ReadFile(string path)
    {
        var diagnostics = new List<Diagnostic>();
        if (InputFiles.ReadText(path, diagnostics, "the lint configuration") is not { } text) return new LintConfigResult(LintConfig.Empty, [.. diagnostics]);
        return ReadText(text, path);
    }

    public static LintConfigResult ReadText(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var documents = YamlDocuments.Parse(file, text, diagnostics);
        if (diagnostics.Count > 0) return new LintConfigResult(LintConfig.Empty, [.. diagnostics]);
        if (documents.Count == 0) return new LintConfigResult(LintConfig.Empty, []);
        if (documents.Count > 1)
        {
            return new LintConfigResult(LintConfig.Empty,
                [Diagnostic.Error(documents[1].Nodes.Span(documents[1].Root), "the lint configuration is one YAML document; remove the second '---' document")]);
        }
        try
        {
            return new LintConfigResult(Read(documents[0].Nodes, documents[0].Root), []);
        }
        catch (InputError e)
        {
            return new LintConfigResult(LintConfig.Empty, [e.Diagnostic]);
        }
    }

    private static LintConfig Read(LocatedYaml y, YamlValue node)
    {
        var root = y.AsMapping(node, "the lint configuration");
        foreach (var key in root.Keys)
        {
            if (key is YamlScalar { Value: "ignore" or "clients" }) continue;
            throw y.Error(key, $"unknown key '{(key as YamlScalar)?.Value}' in the lint configuration; it takes 'ignore' and 'clients'");
        }
        var known = RuleCatalog.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var ignores = ImmutableArray.CreateBuilder<Suppression>();
        var problems = ImmutableArray.CreateBuilder<SuppressionProblem>();
        foreach (var entryNode in y.Sequence(root, "ignore", "the lint configuration")?.Children ?? [])
        {
            var entry = y.AsMapping(entryNode, "an 'ignore' entry");
            foreach (var key in entry.Keys)
            {
                if (key is YamlScalar { Value: "rule" or "target" or "reason" }) continue;
                throw y.Error(key, $"unknown key '{(key as YamlScalar)?.Value}' in an 'ignore' entry; it takes rule, target and reason");
            }
            var ruleNode = y.Scalar(entry, "rule", "an 'ignore' entry")
                           ?? throw y.Error(entry, "an 'ignore' entry needs a 'rule' (e.g. rule: ZT004)");
            var target = y.String(entry, "target", "an 'ignore' entry") is { Length: > 0 } t ? ParseTarget(t) : null;
            var reason = y.String(entry, "reason", "an 'ignore' entry");
            // One line, so that a reason written over several lines stays one suppression.
            var text = string.IsNullOrWhiteSpace(reason) ? ruleNode.Value ?? "" : $"{ruleNode.Value} -- {reason.ReplaceLineEndings(" ")}";
            var messages = new List<string>();
            ignores.AddRange(Suppression.Parse(text, y.Span(ruleNode), target, inSource: false, known, messages));
            problems.AddRange(messages.Select(m => new SuppressionProblem(y.Span(ruleNode), m)));
        }
        var clients = ImmutableArray.CreateBuilder<(string, ImmutableArray<string>)>();
        if (y.Mapping(root, "clients", "the lint configuration") is { } map)
        {
            foreach (var (key, value) in map.Children)
            {
                var target = (key as YamlScalar)?.Value ?? throw y.Error(key, "keys of 'clients' must be workload references (NS/NAME)");
                var list = value as YamlSequence
                           ?? throw y.Error(value, $"'clients.{target}' must be a list of workload references, e.g. [noa-server/noa-server]");
                clients.Add((target, [.. list.Children.Select(c => (c as YamlScalar)?.Value
                                                        ?? throw y.Error(c, "a client must be a workload reference (NS/NAME)"))]));
            }
        }
        return new LintConfig(ignores.ToImmutable(), clients.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>"ns/name": any object so named; "ns": the namespace.</summary>
    private static ObjectRef ParseTarget(string text)
    {
        var slash = text.IndexOf('/');
        return slash < 0 ? ObjectRef.OfNamespace(text) : new ObjectRef(Suppression.AnyKind, text[..slash], text[(slash + 1)..]);
    }
}
