using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Netpact.LiveCluster;
using Netpact.Model;
using Netpact.Sources;
using Netpact.Sources.Yaml;

namespace Netpact.Serve;

/// <summary>The configuration file and every problem found in it (each at file:line:col).</summary>
public sealed record ServeConfigResult(ServeConfig? Config, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Reads the configuration of 'netpact serve' (docs/serve.md):
/// <code>
/// apiVersion: netpact/v1
/// kind: Serve
/// listen: 127.0.0.1:9742      # loopback unless allowNonLoopback: true
/// interval: 60s               # ms, s, m, h
/// timeout: 5m                 # a longer run is cancelled
/// analyze:
///   manifests: [manifests/]   # files or folders, or instead:
///   cluster:                  # a live cluster (or 'cluster: true' for the current context)
///     context: prod           # kubeconfig: FILE, namespaces: [a, b]
/// intent: intent.yaml         # verify against it
/// audit: audit.yaml           # named endpoints to probe
/// lint:
///   config: lint.yaml
/// </code>
/// </summary>
public static partial class ServeConfigReader
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(1);

    private static readonly string[] TopKeys = ["apiVersion", "kind", "listen", "allowNonLoopback", "interval", "timeout", "analyze", "intent", "audit", "lint"];

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)$")]
    private static partial Regex Duration();

    public static ServeConfigResult ReadFile(string path)
    {
        var problems = new List<Diagnostic>();
        return InputFiles.ReadText(path, problems, "the serve configuration") is { } text ? ReadText(text, path) : new ServeConfigResult(null, [.. problems]);
    }

    public static ServeConfigResult ReadText(string text, string path)
    {
        var diagnostics = new List<Diagnostic>();
        // Sources' reader: located nodes, and the nesting guard (YamlDotNet alone overflows the stack on deep nesting).
        var documents = YamlDocuments.Parse(path, text, diagnostics);
        if (diagnostics.Count > 0)
            return new ServeConfigResult(null, [.. diagnostics.Select(d => d with { Message = $"not valid YAML: {d.Message}" })]);
        if (documents.Count != 1 || documents[0].Root is not YamlMapping root)
        {
            return new ServeConfigResult(null, [Diagnostic.Error(new SourceSpan(path, 1, 1),
                "a serve configuration is one YAML mapping starting with 'apiVersion: netpact/v1' and 'kind: Serve'")]);
        }
        var nodes = documents[0].Nodes;
        void Error(YamlValue node, string message) => diagnostics.Add(Diagnostic.Error(nodes.Span(node), message));
        var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string Resolve(string p) => Path.GetFullPath(Path.Combine(dir, p));

        string? Scalar(YamlMapping map, string key)
        {
            var node = Get(map, key);
            if (node is null) return null;
            if (node is YamlScalar { Value: { Length: > 0 } value }) return value;
            Error(node, $"'{key}' must be a single value");
            return null;
        }

        foreach (var key in root.Keys)
        {
            if (key is YamlScalar { Value: { } k } && TopKeys.Contains(k)) continue;
            Error(key, $"unknown field '{(key as YamlScalar)?.Value}'; a serve configuration has {string.Join(", ", TopKeys)}");
        }
        if (Scalar(root, "apiVersion") != "netpact/v1") Error(Get(root, "apiVersion") ?? root, "apiVersion must be netpact/v1");
        if (Scalar(root, "kind") != "Serve") Error(Get(root, "kind") ?? root, "kind must be Serve");

        var config = new ServeConfig { File = Path.GetFullPath(path) };

        var allowNonLoopback = false;
        if (Get(root, "allowNonLoopback") is { } allowNode)
        {
            if (allowNode is YamlScalar { Value: "true" or "false" } b) allowNonLoopback = b.Value == "true";
            else Error(allowNode, "'allowNonLoopback' must be true or false");
        }
        if (Get(root, "listen") is { } listenNode && Scalar(root, "listen") is { } listen)
        {
            if (!ParseListen(listen, out var address, out var port, out var problem)) Error(listenNode, problem);
            else if (!IPAddress.IsLoopback(address) && !allowNonLoopback)
                Error(listenNode, $"{address} is not a loopback address: the metrics and the report show the network's weak points; set 'allowNonLoopback: true' to listen there anyway (and protect the port)");
            else config = config with { ListenAddress = address, Port = port };
        }

        if (Get(root, "interval") is { } intervalNode && Scalar(root, "interval") is { } intervalText)
        {
            if (ParseDuration(intervalText) is not { } interval || interval < MinimumInterval || interval > MaximumInterval)
                Error(intervalNode, $"'interval' must be a duration from 10ms to 24h, such as 30s, 5m or 1h (got '{intervalText}')");
            else config = config with { Interval = interval };
        }
        if (Get(root, "timeout") is { } timeoutNode && Scalar(root, "timeout") is { } timeoutText)
        {
            if (ParseDuration(timeoutText) is not { } timeout || timeout < MinimumInterval || timeout > MaximumInterval)
                Error(timeoutNode, $"'timeout' must be a duration from 10ms to 24h, such as 30s or 5m (got '{timeoutText}')");
            else config = config with { Timeout = timeout };
        }

        if (Get(root, "analyze") is { } analyzeNode)
        {
            if (analyzeNode is not YamlMapping analyze) Error(analyzeNode, "'analyze' must be a mapping with 'manifests' or 'cluster'");
            else
            {
                foreach (var key in analyze.Keys)
                {
                    var k = (key as YamlScalar)?.Value;
                    if (k is "manifests" or "cluster") continue;
                    Error(key, $"unknown field '{k}' in 'analyze'; it has 'manifests' or 'cluster'");
                }
                var manifests = new List<string>();
                switch (Get(analyze, "manifests"))
                {
                    case YamlScalar { Value: { Length: > 0 } one } node:
                        manifests.Add(CheckPath(Resolve(one), node, Error));
                        break;
                    case YamlSequence list:
                        foreach (var item in list.Children)
                        {
                            if (item is YamlScalar { Value: { Length: > 0 } p }) manifests.Add(CheckPath(Resolve(p), item, Error));
                            else Error(item, "each entry of 'manifests' must be a path");
                        }
                        break;
                    case { } other:
                        Error(other, "'manifests' must be a path or a list of paths");
                        break;
                }
                config = config with { Manifests = [.. manifests] };
                if (Get(analyze, "cluster") is { } clusterNode)
                {
                    if (Get(analyze, "manifests") is not null)
                        Error(clusterNode, "'analyze' reads either 'manifests' or a live 'cluster', not both; run a second serve for the other");
                    else if (ReadCluster(clusterNode, Resolve, Error) is { } live)
                        config = config with { Cluster = live };
                }
                if (analyze.Children.Length == 0)
                    Error(analyzeNode, "'analyze' needs 'manifests' (the files or folders to watch) or 'cluster' (a live cluster)");
            }
        }
        else
        {
            Error(root, "nothing to analyze: add 'analyze: {manifests: [FOLDER]}' with the manifests to watch, or 'analyze: {cluster: {}}' for a live cluster");
        }

        if (Get(root, "intent") is { } intentNode && Scalar(root, "intent") is { } intent)
            config = config with { Intent = CheckFile(Resolve(intent), intentNode, Error) };
        if (Get(root, "audit") is { } auditNode && Scalar(root, "audit") is { } audit)
            config = config with { Audit = CheckFile(Resolve(audit), auditNode, Error) };
        if (Get(root, "lint") is { } lintNode)
        {
            if (lintNode is not YamlMapping lint) Error(lintNode, "'lint' must be a mapping with 'config'");
            else
            {
                foreach (var key in lint.Keys.Where(k => (k as YamlScalar)?.Value != "config"))
                    Error(key, $"unknown field '{(key as YamlScalar)?.Value}' in 'lint'; it has 'config'");
                if (Get(lint, "config") is { } lintConfigNode && Scalar(lint, "config") is { } lintConfig)
                    config = config with { LintConfig = CheckFile(Resolve(lintConfig), lintConfigNode, Error) };
            }
        }
        return new ServeConfigResult(diagnostics.Count == 0 ? config : null, [.. diagnostics]);
    }

    private static readonly string[] ClusterKeys = ["context", "kubeconfig", "namespaces"];

    /// <summary>
    /// 'cluster: true', or a mapping with the options of --cluster: context (default: the current one), kubeconfig
    /// (default: KUBECONFIG, ~/.kube/config, the pod's service account) and namespaces (default: all).
    /// </summary>
    private static LiveClusterOptions? ReadCluster(YamlValue node, Func<string, string> resolve, Action<YamlValue, string> error)
    {
        if (node is YamlScalar { Value: "true" }) return new LiveClusterOptions();
        if (node is not YamlMapping map)
        {
            error(node, "'cluster' must be true or a mapping with 'context', 'kubeconfig' and 'namespaces' (each optional)");
            return null;
        }
        var ok = true;
        void Fail(YamlValue at, string message)
        {
            error(at, message);
            ok = false;
        }
        foreach (var key in map.Keys.Where(k => !ClusterKeys.Contains((k as YamlScalar)?.Value)))
            Fail(key, $"unknown field '{(key as YamlScalar)?.Value}' in 'cluster'; it has {string.Join(", ", ClusterKeys)}");
        string? Text(string key)
        {
            if (Get(map, key) is not { } value) return null;
            if (value is YamlScalar { Value: { Length: > 0 } text }) return text;
            Fail(value, $"'cluster.{key}' must be a single value");
            return null;
        }
        var context = Text("context");
        string? kubeconfig = null;
        if (Text("kubeconfig") is { } file)
        {
            kubeconfig = resolve(file);
            if (!System.IO.File.Exists(kubeconfig))
                Fail(Get(map, "kubeconfig")!, $"{kubeconfig} is not a file; check the path of the kubeconfig (relative to the configuration file)");
        }
        var namespaces = new List<string>();
        if (Get(map, "namespaces") is { } nsNode)
        {
            IEnumerable<YamlValue> items = nsNode switch
            {
                YamlSequence list => list.Children,
                YamlScalar => [nsNode],
                _ => [],
            };
            if (nsNode is not (YamlSequence or YamlScalar)) Fail(nsNode, "'cluster.namespaces' must be a namespace or a list of namespaces");
            foreach (var item in items)
            {
                if (item is YamlScalar { Value: { Length: > 0 } ns }) namespaces.Add(ns);
                else Fail(item, "each entry of 'cluster.namespaces' must be a namespace name");
            }
        }
        return ok ? new LiveClusterOptions { Context = context, Kubeconfig = kubeconfig, Namespaces = [.. namespaces] } : null;
    }

    private static string CheckPath(string path, YamlValue node, Action<YamlValue, string> error)
    {
        if (!System.IO.File.Exists(path) && !Directory.Exists(path)) error(node, $"{path} does not exist; check the path (relative to the configuration file)");
        return path;
    }

    /// <summary>The value of a key as written (a null scalar too, unlike <see cref="LocatedYaml.Child"/>).</summary>
    private static YamlValue? Get(YamlMapping map, string key) =>
        map.Children.FirstOrDefault(entry => entry.Key is YamlScalar s && s.Value == key).Value;

    private static string CheckFile(string path, YamlValue node, Action<YamlValue, string> error)
    {
        if (!System.IO.File.Exists(path)) error(node, $"{path} is not a file; check the path (relative to the configuration file)");
        return path;
    }

    /// <summary>HOST:PORT with an IP address or localhost; [::1]:PORT for IPv6. Port 0 takes a free one.</summary>
    public static bool ParseListen(string text, out IPAddress address, out int port, out string problem)
    {
        address = IPAddress.Loopback;
        port = 0;
        problem = "";
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? "" : text[..colon];
        if (colon < 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            problem = $"'listen' must be ADDRESS:PORT, such as 127.0.0.1:{ServeConfig.DefaultPort} (got '{text}')";
            return false;
        }
        if (host == "localhost") return true;
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        // IPv6, or IPv4 written in full: IPAddress also reads '1234' and '127.1' as addresses, which nobody means.
        if (!IPAddress.TryParse(host, out var parsed) || !(host.Contains(':', StringComparison.Ordinal) || host.Count(c => c == '.') == 3))
        {
            problem = $"'{host}' is not an IP address; 'listen' takes an address (127.0.0.1, [::1], or with allowNonLoopback 0.0.0.0), not a host name";
            return false;
        }
        address = parsed;
        return true;
    }

    /// <summary>A duration such as 250ms, 30s, 5m or 1.5h; null when it is not one.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var m = Duration().Match(text.Trim());
        if (!m.Success) return null;
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromHours(value),
        };
    }
}
