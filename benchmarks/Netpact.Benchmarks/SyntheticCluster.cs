using System.Globalization;
using System.Text;

namespace Netpact.Benchmarks;

/// <summary>
/// Writes a deterministic synthetic cluster as ordinary manifests, one file per namespace, shaped like the
/// output of `kubectl get ns,pods,netpol -A -o yaml`: Namespaces with team and env labels, Pods owned by
/// ReplicaSets (StatefulSets for data stores) with app/tier/team/version labels, pod-template-hash and
/// per-pod StatefulSet labels, named container ports, and NetworkPolicies in the proportions seen in practice:
/// most namespaces default-deny ingress, about a third also default-deny egress and then allow DNS, in-namespace
/// and HTTPS-to-the-internet egress; allow rules by tier, by app, across namespaces by team and env, to
/// monitoring and from the ingress controller; some ipBlocks with excepts and an endPort.
/// The same seed and scale always give the same bytes.
/// </summary>
public static class SyntheticCluster
{
    private static readonly string[] Teams =
    [
        "payments", "search", "identity", "catalog", "checkout", "growth", "platform", "data", "mobile", "ads",
        "billing", "support", "logistics", "risk", "media", "social", "infra", "analytics", "partners", "security",
    ];

    private static readonly string[] Envs = ["prod", "prod", "prod", "prod", "prod", "staging", "staging", "staging", "dev", "dev"];

    private sealed record AppKind(string Tier, string[] Names);

    private static readonly AppKind Frontend = new("frontend", ["web", "frontend", "storefront", "admin-ui", "gateway"]);

    private static readonly AppKind Backend = new("backend",
    [
        "api", "checkout", "cart", "catalog", "search", "auth", "users", "orders", "payments", "inventory", "shipping",
        "pricing", "reviews", "recommendations", "notifications", "billing", "profile", "media", "ledger", "quotes",
    ]);

    private static readonly AppKind Worker = new("worker", ["worker", "scheduler", "mailer", "indexer", "exporter"]);

    private static readonly AppKind Data = new("data", ["postgres", "redis", "kafka", "elasticsearch", "mongodb"]);

    private static readonly Dictionary<string, (string Name, int Port)[]> DataPorts = new()
    {
        ["postgres"] = [("postgres", 5432), ("metrics", 9187)],
        ["redis"] = [("redis", 6379)],
        ["kafka"] = [("kafka", 9092), ("metrics", 9308)],
        ["elasticsearch"] = [("http", 9200), ("transport", 9300)],
        ["mongodb"] = [("mongodb", 27017)],
    };

    private sealed record Ns(string Name, string Team, string Env, bool System);

    private sealed record Wl(string App, string Tier, string Version, string Kind, string Owner, (string Name, int Port)[] Ports, int Replicas);

    /// <summary>Writes the manifests into <paramref name="directory"/> (created; existing .yaml files in it are replaced).</summary>
    public static long Write(Scale scale, int seed, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var old in Directory.EnumerateFiles(directory, "*.yaml")) File.Delete(old);
        long bytes = 0;
        foreach (var (name, text) in Generate(scale, seed))
        {
            var data = Encoding.UTF8.GetBytes(text);
            File.WriteAllBytes(Path.Combine(directory, name), data);
            bytes += data.Length;
        }
        return bytes;
    }

    /// <summary>The files of the cluster: (file name, YAML text), one per namespace.</summary>
    public static IEnumerable<(string File, string Text)> Generate(Scale scale, int seed)
    {
        var random = new Random(seed);
        var namespaces = new List<Ns>
        {
            new("kube-system", "infra", "prod", true),
            new("ingress-nginx", "infra", "prod", true),
            new("monitoring", "infra", "prod", true),
        };
        for (var i = namespaces.Count; i < scale.Namespaces; i++)
        {
            var team = Teams[random.Next(Teams.Length)];
            namespaces.Add(new Ns($"{team}-{i:D4}", team, Envs[random.Next(Envs.Length)], false));
        }
        var appNamespaces = namespaces.Where(n => !n.System).ToList();

        // System workloads: DNS, the ingress controller, Prometheus and friends.
        var workloads = namespaces.ToDictionary(n => n.Name, _ => new List<Wl>());
        workloads["kube-system"].Add(new Wl("coredns", "system", "v1", "ReplicaSet", Owner(random, "coredns"), [("dns", 53), ("dns-tcp", 53), ("metrics", 9153)], 2));
        workloads["kube-system"].Add(new Wl("metrics-server", "system", "v1", "ReplicaSet", Owner(random, "metrics-server"), [("https", 4443)], 1));
        workloads["ingress-nginx"].Add(new Wl("ingress-nginx", "system", "v1", "ReplicaSet", Owner(random, "ingress-nginx-controller"), [("http", 80), ("https", 443), ("metrics", 10254)], 2));
        workloads["monitoring"].Add(new Wl("prometheus", "system", "v1", "StatefulSet", "prometheus", [("web", 9090)], 2));
        workloads["monitoring"].Add(new Wl("grafana", "system", "v1", "ReplicaSet", Owner(random, "grafana"), [("http", 3000)], 1));
        workloads["monitoring"].Add(new Wl("alertmanager", "system", "v1", "StatefulSet", "alertmanager", [("web", 9093)], 1));
        var systemWorkloads = workloads.Values.Sum(w => w.Count);

        var perNamespace = Split(random, scale.Workloads - systemWorkloads, appNamespaces.Count, minimum: 2);
        for (var i = 0; i < appNamespaces.Count; i++) workloads[appNamespaces[i].Name].AddRange(AppWorkloads(random, perNamespace[i]));

        // Replicas: one pod each, the rest spread at random (some workloads get many, some one).
        var all = workloads.Values.SelectMany(w => w).ToList();
        var replicas = all.Select(w => w.Replicas).ToArray();
        for (var extra = scale.Pods - replicas.Sum(); extra > 0; extra--) replicas[random.Next(replicas.Length)]++;
        var index = 0;
        foreach (var list in workloads.Values)
        {
            for (var j = 0; j < list.Count; j++) list[j] = list[j] with { Replicas = replicas[index++] };
        }

        var policyCounts = Split(random, scale.Policies, appNamespaces.Count, minimum: 0,
            weights: [.. appNamespaces.Select(n => (double)workloads[n.Name].Count)]);
        var policyCount = appNamespaces.ToDictionary(n => n.Name, n => policyCounts[appNamespaces.IndexOf(n)]);

        foreach (var ns in namespaces)
        {
            var sb = new StringBuilder();
            WriteNamespace(sb, ns);
            foreach (var w in workloads[ns.Name]) WritePods(sb, random, ns, w);
            if (!ns.System) WritePolicies(sb, random, ns, workloads[ns.Name], policyCount[ns.Name], appNamespaces);
            yield return ($"{ns.Name}.yaml", sb.ToString());
        }
    }

    /// <summary>Splits total into count parts of random size (weighted), each at least minimum.</summary>
    private static int[] Split(Random random, int total, int count, int minimum, double[]? weights = null)
    {
        var w = weights ?? [.. Enumerable.Range(0, count).Select(_ => 0.5 + random.NextDouble())];
        var sum = w.Sum();
        var rest = Math.Max(0, total - minimum * count);
        var parts = w.Select(x => minimum + (int)(rest * x / sum)).ToArray();
        for (var missing = total - parts.Sum(); missing > 0; missing--) parts[random.Next(count)]++;
        return parts;
    }

    private static List<Wl> AppWorkloads(Random random, int count)
    {
        var result = new List<Wl>();
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            // Roughly a sixth frontends, half backends, a sixth workers, a sixth data stores.
            var kind = (i % 6) switch { 0 => Frontend, 4 => Worker, 5 => Data, _ => Backend };
            var baseName = kind.Names[random.Next(kind.Names.Length)];
            var n = used.GetValueOrDefault(baseName) + 1;
            used[baseName] = n;
            var app = n == 1 ? baseName : $"{baseName}-{n}";
            if (kind == Backend && result.Count > 0 && random.Next(10) == 0)
            {
                // A canary: the same app in a second version.
                var stable = result[^1];
                if (stable.Tier == "backend" && stable.Version == "v1")
                {
                    result.Add(stable with { Version = "v2", Owner = Owner(random, stable.App + "-v2") });
                    continue;
                }
            }
            (string, int)[] ports = kind == Data
                ? DataPorts[baseName]
                : kind == Worker
                    ? [("metrics", 9090)]
                    : random.Next(2) == 0 ? [("http", 8080), ("metrics", 9090)] : [("http", 8080), ("grpc", 9000), ("metrics", 9090)];
            var controller = kind == Data ? "StatefulSet" : "ReplicaSet";
            result.Add(new Wl(app, kind.Tier, "v1", controller, controller == "StatefulSet" ? app : Owner(random, app), ports, 1));
        }
        return result;
    }

    private static string Owner(Random random, string app) => $"{app}-{Hash(random, 10)}";

    private static string Hash(Random random, int length)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[r.Next(alphabet.Length)];
        });
    }

    private static void WriteNamespace(StringBuilder sb, Ns ns)
    {
        sb.Append("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ").Append(ns.Name).Append('\n')
          .Append("  labels:\n    kubernetes.io/metadata.name: ").Append(ns.Name).Append('\n')
          .Append("    team: ").Append(ns.Team).Append("\n    env: ").Append(ns.Env).Append('\n');
        if (ns.System) sb.Append("    role: system\n");
    }

    private static void WritePods(StringBuilder sb, Random random, Ns ns, Wl w)
    {
        var templateHash = w.Owner[(w.Owner.LastIndexOf('-') + 1)..];
        for (var i = 0; i < w.Replicas; i++)
        {
            var podName = w.Kind == "StatefulSet" ? $"{w.Owner}-{i}" : $"{w.Owner}-{Hash(random, 5)}";
            sb.Append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ").Append(podName)
              .Append("\n  namespace: ").Append(ns.Name).Append("\n  labels:\n");
            if (w.App == "coredns") sb.Append("    k8s-app: kube-dns\n");
            sb.Append("    app: ").Append(w.App).Append('\n')
              .Append("    tier: ").Append(w.Tier).Append('\n')
              .Append("    team: ").Append(ns.Team).Append('\n')
              .Append("    version: ").Append(w.Version).Append('\n');
            if (w.Kind == "StatefulSet")
            {
                sb.Append("    controller-revision-hash: ").Append(w.Owner).Append("-6d4f8c9b7\n")
                  .Append("    statefulset.kubernetes.io/pod-name: ").Append(podName).Append('\n');
            }
            else
            {
                sb.Append("    pod-template-hash: ").Append(templateHash).Append('\n');
            }
            sb.Append("  ownerReferences:\n  - apiVersion: apps/v1\n    kind: ").Append(w.Kind)
              .Append("\n    name: ").Append(w.Owner).Append("\n    controller: true\n    blockOwnerDeletion: true\n")
              .Append("spec:\n  containers:\n  - name: ").Append(w.App)
              .Append("\n    image: registry.example.com/").Append(ns.Team).Append('/').Append(w.App).Append(':').Append(w.Version)
              .Append(".4.1\n    ports:\n");
            foreach (var (name, port) in w.Ports)
            {
                var protocol = name == "dns" ? "UDP" : "TCP";
                sb.Append("    - name: ").Append(name).Append("\n      containerPort: ").Append(port.ToString(CultureInfo.InvariantCulture))
                  .Append("\n      protocol: ").Append(protocol).Append('\n');
            }
        }
    }

    private static void WritePolicies(StringBuilder sb, Random random, Ns ns, List<Wl> workloads, int count, List<Ns> appNamespaces)
    {
        var policies = new List<string>();
        var hasFrontend = workloads.Any(w => w.Tier == "frontend");
        if (random.Next(100) < 85) policies.Add(Policy(ns, "default-deny-ingress", "{}", ["Ingress"], [], []));
        policies.Add(Policy(ns, "allow-prometheus-scrape", "{}", ["Ingress"],
            [Rule(From: [Peer(ns: "kubernetes.io/metadata.name: monitoring", pods: "app: prometheus")], Ports: [("TCP", "metrics", null)])], []));
        if (hasFrontend)
        {
            policies.Add(Policy(ns, "allow-from-ingress-controller", "tier: frontend", ["Ingress"],
                [Rule(From: [Peer(ns: "kubernetes.io/metadata.name: ingress-nginx")], Ports: [("TCP", "http", null)])], []));
        }
        policies.Add(Policy(ns, "allow-frontend-to-backend", "tier: backend", ["Ingress"],
            [Rule(From: [Peer(pods: "tier: frontend")], Ports: [("TCP", "http", null), ("TCP", "grpc", null)])], []));
        policies.Add(Policy(ns, "allow-backend-to-data", "tier: data", ["Ingress"],
            [Rule(From: [Peer(podExpressions: "{key: tier, operator: In, values: [backend, worker]}")],
                Ports: [("TCP", "5432", null), ("TCP", "6379", null), ("TCP", "9092", null), ("TCP", "9200", "9300"), ("TCP", "27017", null)])], []));
        if (random.Next(100) < 30)
        {
            policies.Add(Policy(ns, "default-deny-egress", "{}", ["Egress"], [], []));
            policies.Add(Policy(ns, "allow-dns", "{}", ["Egress"], [],
                [Rule(To: [Peer(ns: "kubernetes.io/metadata.name: kube-system", pods: "k8s-app: kube-dns")], Ports: [("UDP", "53", null), ("TCP", "53", null)])]));
            policies.Add(Policy(ns, "allow-egress-in-namespace", "{}", ["Egress"], [], [Rule(To: [Peer(pods: "{}")])]));
            policies.Add(Policy(ns, "allow-https-to-internet", "tier: backend", ["Egress"], [],
                [Rule(To: [Peer(cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])], Ports: [("TCP", "443", null)])]));
        }
        var backends = workloads.Where(w => w.Tier is "backend" or "frontend").ToList();
        var others = workloads.Where(w => w.Tier != "data").ToList();
        for (var j = 0; policies.Count < count && backends.Count > 0; j++)
        {
            var target = backends[random.Next(backends.Count)];
            var name = $"allow-{target.App}-{j}";
            switch (random.Next(10))
            {
                case < 4:
                    var client = others[random.Next(others.Count)];
                    policies.Add(Policy(ns, name, $"app: {target.App}", ["Ingress"],
                        [Rule(From: [Peer(pods: $"app: {client.App}")], Ports: [("TCP", "http", null)])], []));
                    break;
                case < 7:
                    var team = appNamespaces[random.Next(appNamespaces.Count)].Team;
                    var app = Backend.Names[random.Next(Backend.Names.Length)];
                    policies.Add(Policy(ns, name, $"app: {target.App}", ["Ingress"],
                        [Rule(From: [Peer(ns: $"team: {team}", nsExpressions: "{key: env, operator: NotIn, values: [dev]}", pods: $"app: {app}")],
                            Ports: [("TCP", "8080", null)])], []));
                    break;
                case 7:
                    policies.Add(Policy(ns, name, $"app: {target.App}", ["Ingress"],
                        [Rule(From: [Peer(cidr: $"198.51.100.{16 * random.Next(16)}/28"), Peer(cidr: "2001:db8:100::/48")], Ports: [("TCP", "443", null), ("TCP", "8443", null)])], []));
                    break;
                case 8:
                    policies.Add(Policy(ns, name, $"app: {target.App}", ["Ingress", "Egress"],
                        [Rule(From: [Peer(pods: "tier: frontend")], Ports: [("TCP", "http", null)])],
                        [Rule(To: [Peer(cidr: $"203.0.113.{16 * random.Next(16)}/28")], Ports: [("TCP", "8000", "8100")]),
                         Rule(To: [Peer(pods: "tier: data")])]));
                    break;
                default:
                    policies.Add(Policy(ns, name, $"{{app: {target.App}, version: {target.Version}}}", ["Ingress"],
                        [Rule(From: [Peer(pods: "tier: frontend"), Peer(ns: "role: system")], Ports: [("TCP", "http", null), ("TCP", "metrics", null)])], []));
                    break;
            }
        }
        foreach (var p in policies.Take(count)) sb.Append(p);
    }

    private static string Peer(string? ns = null, string? pods = null, string? podExpressions = null, string? nsExpressions = null,
        string? cidr = null, string[]? except = null)
    {
        var sb = new StringBuilder();
        if (cidr is not null)
        {
            sb.Append("    - ipBlock:\n        cidr: ").Append(cidr).Append('\n');
            if (except is { Length: > 0 })
            {
                sb.Append("        except:\n");
                foreach (var e in except) sb.Append("        - ").Append(e).Append('\n');
            }
            return sb.ToString();
        }
        var first = true;
        void Selector(string key, string? labels, string? expressions)
        {
            if (labels is null && expressions is null) return;
            sb.Append(first ? "    - " : "      ").Append(key).Append(":\n");
            first = false;
            if (labels == "{}" && expressions is null)
            {
                sb.Length -= 1;
                sb.Append(" {}\n");
                return;
            }
            if (labels is not null)
            {
                sb.Append("        matchLabels:\n");
                foreach (var pair in labels.Trim('{', '}').Split(", ")) sb.Append("          ").Append(pair).Append('\n');
            }
            if (expressions is not null) sb.Append("        matchExpressions:\n        - ").Append(expressions).Append('\n');
        }
        Selector("namespaceSelector", ns, nsExpressions);
        Selector("podSelector", pods, podExpressions);
        return sb.ToString();
    }

    private static string Rule(string[]? From = null, string[]? To = null, (string Protocol, string Port, string? EndPort)[]? Ports = null)
    {
        var sb = new StringBuilder();
        var peers = From ?? To;
        var first = true;
        if (peers is not null)
        {
            sb.Append("  - ").Append(From is not null ? "from" : "to").Append(":\n");
            foreach (var p in peers) sb.Append(p);
            first = false;
        }
        if (Ports is not null)
        {
            sb.Append(first ? "  - " : "    ").Append("ports:\n");
            foreach (var (protocol, port, endPort) in Ports)
            {
                sb.Append("    - protocol: ").Append(protocol).Append("\n      port: ").Append(port).Append('\n');
                if (endPort is not null) sb.Append("      endPort: ").Append(endPort).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static string Policy(Ns ns, string name, string podSelector, string[] types, string[] ingress, string[] egress)
    {
        var sb = new StringBuilder("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ");
        sb.Append(name).Append("\n  namespace: ").Append(ns.Name).Append("\nspec:\n  podSelector:");
        if (podSelector == "{}")
        {
            sb.Append(" {}\n");
        }
        else
        {
            sb.Append("\n    matchLabels:\n");
            foreach (var pair in podSelector.Trim('{', '}').Split(", ")) sb.Append("      ").Append(pair).Append('\n');
        }
        sb.Append("  policyTypes:\n");
        foreach (var t in types) sb.Append("  - ").Append(t).Append('\n');
        if (ingress.Length > 0)
        {
            sb.Append("  ingress:\n");
            foreach (var r in ingress) sb.Append(r);
        }
        if (egress.Length > 0)
        {
            sb.Append("  egress:\n");
            foreach (var r in egress) sb.Append(r);
        }
        return sb.ToString();
    }
}
