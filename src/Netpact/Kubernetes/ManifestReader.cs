using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using Netpact.Model;
using Netpact.Sources.Yaml;
using Netpact.Sources;

namespace Netpact.Kubernetes;

/// <summary>The cluster read from manifests, and every problem found on the way.</summary>
public sealed record ReadResult(Cluster Cluster, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Reads Kubernetes manifests (files, folders, stdin; YAML or JSON; lists) into a <see cref="Cluster"/>.
/// </summary>
public static class ManifestReader
{
    private static readonly Dictionary<string, string> ListItemKinds = new(StringComparer.Ordinal)
    {
        ["PodList"] = "Pod", ["NamespaceList"] = "Namespace", ["NetworkPolicyList"] = "NetworkPolicy",
        ["DeploymentList"] = "Deployment", ["ReplicaSetList"] = "ReplicaSet", ["StatefulSetList"] = "StatefulSet",
        ["DaemonSetList"] = "DaemonSet", ["JobList"] = "Job", ["CronJobList"] = "CronJob",
        ["ReplicationControllerList"] = "ReplicationController",
    };

    private static readonly HashSet<string> WorkloadKinds =
        ["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    private static readonly HashSet<string> ModelledKinds =
        ["Namespace", "Pod", "NetworkPolicy", AdminNetworkPolicy.AdminKind, AdminNetworkPolicy.BaselineKind, AdminNetworkPolicy.ClusterKind];

    public static ReadResult Read(IEnumerable<string> paths, TextReader? stdin = null) => Read(paths, stdin, []);

    /// <summary>Reads the files and, after them, manifests from elsewhere (a live cluster), into one cluster.</summary>
    public static ReadResult Read(IEnumerable<string> paths, TextReader? stdin, IEnumerable<ManifestText> texts, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        var diagnostics = new List<Diagnostic>();
        var builder = new ClusterBuilder(diagnostics, options.Strict);
        ReadPaths(paths, stdin, builder, options);
        ReadInOrder(texts.Select(t => (Func<ReadInput>)(() => ReadSource(t.Source, t.Text, options))), builder);
        var cluster = WorkloadGroups.Split(builder.Build(), options.Strict, diagnostics);
        return new ReadResult(cluster, [.. diagnostics]);
    }

    private static void ReadPaths(IEnumerable<string> paths, TextReader? stdin, ClusterBuilder builder, ReadOptions options)
    {
        var diagnostics = builder.Diagnostics;
        // A file named twice (say, a folder and a file in it) is read once, not reported as duplicates of itself.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var files = InputFiles.Expand(path, diagnostics).Where(f => f == "-" || seen.Add(Path.GetFullPath(f))).ToList();
            var errorsBefore = diagnostics.Count(d => d.Severity == Severity.Error);
            var input = stdin ?? Console.In;
            var documents = ReadInOrder(files.Select(file => (Func<ReadInput>)(() => ReadFile(file, input, options))), builder);
            if (files.Count > 0 && documents == 0 && diagnostics.Count(d => d.Severity == Severity.Error) == errorsBefore)
            {
                diagnostics.Add(Diagnostic.Warning(new SourceSpan(path == "-" ? "<stdin>" : path, 0, 0),
                    "no manifests found: the input holds no YAML or JSON documents"));
            }
        }
    }

    /// <summary>
    /// Reads the Kubernetes files of an input set (each read once by <see cref="InputSet"/>) and, after them, manifests
    /// from elsewhere (a live cluster), into one cluster. Files of other layers are the caller's to read.
    /// </summary>
    public static ReadResult Read(InputSet inputs, IEnumerable<ManifestText> texts, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        var diagnostics = new List<Diagnostic>();
        var builder = new ClusterBuilder(diagnostics, options.Strict);
        foreach (var given in inputs.Files.Where(f => f.Layer == Layer.Kubernetes || (options.WithIstio && f.Layer == Layer.Istio)).GroupBy(f => f.Given))
        {
            var errorsBefore = diagnostics.Count(d => d.Severity == Severity.Error);
            var documents = ReadInOrder(given.Select(f => (Func<ReadInput>)(() => ReadSource(f.Path, f.Content, options))), builder);
            if (documents == 0 && diagnostics.Count(d => d.Severity == Severity.Error) == errorsBefore)
            {
                diagnostics.Add(Diagnostic.Warning(new SourceSpan(given.Key == "-" ? "<stdin>" : given.Key, 0, 0),
                    "no manifests found: the input holds no YAML or JSON documents"));
            }
        }
        ReadInOrder(texts.Select(t => (Func<ReadInput>)(() => ReadSource(t.Source, t.Text, options))), builder);
        var cluster = WorkloadGroups.Split(builder.Build(), options.Strict, diagnostics);
        return new ReadResult(cluster, [.. diagnostics]);
    }

    /// <summary>Reads manifest text as if it came from the named file.</summary>
    public static ReadResult ReadText(string text, string file = "<input>", ReadOptions? options = null)
    {
        var diagnostics = new List<Diagnostic>();
        options ??= ReadOptions.Default;
        var builder = new ClusterBuilder(diagnostics, options.Strict);
        ReadSource(file, text, options).AddTo(builder);
        var cluster = WorkloadGroups.Split(builder.Build(), options.Strict, diagnostics);
        return new ReadResult(cluster, [.. diagnostics]);
    }

    private static ReadInput ReadFile(string file, TextReader stdin, ReadOptions options)
    {
        var input = new ReadInput(options);
        if (file == "-")
        {
            return InputFiles.ReadStdin(stdin, input.Diagnostics) is { } piped ? ReadSource("<stdin>", piped, options) : input;
        }
        if (InputFiles.ReadPooled(file, input.Diagnostics) is not { } pooled) return input;
        var (text, length) = pooled;
        try
        {
            if (SourceTrees.IsChartTemplate(file))
            {
                input.Documents = 1;
                LeaveOut(input, new SourceSpan(file, 1, 1), "this file is a template of a Helm chart, not a manifest", SourceTrees.HelmHint);
                return input;
            }
            if (IsSecurityGroups(file, text.AsSpan(0, length), input)) return input;
            ReadDocuments(SourceTrees.LooksLikeHelmTemplate(text.AsSpan(0, length)), problems => YamlDocuments.Parse(file, text, length, problems, objectsOnly: true), input);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(text);
        }
        return input;
    }

    /// <summary>Parses one input and reads its documents into model objects, ready to be added to a builder.</summary>
    private static ReadInput ReadSource(string source, string text, ReadOptions options)
    {
        var input = new ReadInput(options);
        if (SourceTrees.IsChartTemplate(source))
        {
            input.Documents = 1;
            LeaveOut(input, new SourceSpan(source, 1, 1), "this file is a template of a Helm chart, not a manifest", SourceTrees.HelmHint);
            return input;
        }
        if (!IsSecurityGroups(source, text, input))
            ReadDocuments(SourceTrees.LooksLikeHelmTemplate(text), problems => YamlDocuments.Parse(source, text, problems, objectsOnly: true), input);
        return input;
    }

    /// <summary>
    /// Security groups handed over as manifests are an error that says who reads them; as manifests they would be
    /// skipped (a list) or lack a kind, and a command could report success on a file it did not read.
    /// </summary>
    private static bool IsSecurityGroups(string file, ReadOnlySpan<char> text, ReadInput input)
    {
        var shape = SecurityGroupShapes.Sniff(text);
        if (shape == SecurityGroupShape.None) return false;
        input.Diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 1, 1),
            $"this is {SecurityGroupShapes.Describe(shape)}, not a Kubernetes manifest; netpact analyze, explain, lint and verify read security groups, " +
            "and report draws them on their own; the other commands, and these with manifests, read Kubernetes manifests only: leave this file out of their input"));
        return true;
    }

    /// <summary>
    /// Parses an input and reads its documents. Text with Helm's template actions that does not parse is a Helm
    /// template, left out as a whole; any other syntax error stays an error.
    /// </summary>
    private static void ReadDocuments(bool templated, Func<List<Diagnostic>, List<LocatedDocument>> parse, ReadInput input)
    {
        var problems = new List<Diagnostic>();
        var documents = parse(problems);
        if (templated && documents.Count == 0 && problems.FirstOrDefault(d => d.Severity == Severity.Error) is { } syntax)
        {
            input.Documents = 1;
            LeaveOut(input, syntax.Span, "this file holds Helm template actions and is no valid YAML from here on: a template, not a manifest", SourceTrees.HelmHint);
            return;
        }
        input.Diagnostics.AddRange(problems);
        ReadDocuments(documents, input);
    }

    /// <summary>
    /// Something that is no Kubernetes object (a kustomization, a chart's values, a CI file, a template): a warning
    /// that it was skipped, or, under --strict, an error as netpol-analyzer makes it.
    /// </summary>
    private static void LeaveOut(ReadInput input, SourceSpan at, string what, string? hint = null, string fix = "leave the file out of the input")
    {
        input.Diagnostics.Add(input.Options.Strict
            ? Diagnostic.Error(at, hint is null ? $"{what}; {fix}" : $"{what}; {hint}, or leave the file out of the input")
            : Diagnostic.Skipped(at, hint is null ? $"{what}; skipped" : $"{what}; skipped: {hint}"));
    }

    private static void ReadDocuments(List<LocatedDocument> documents, ReadInput input)
    {
        input.Documents = documents.Count;
        foreach (var doc in documents)
        {
            try
            {
                ReadObject(doc.Nodes, doc.Root, inheritedKind: null, input);
            }
            catch (InputError e)
            {
                input.Diagnostics.Add(e.Diagnostic);
            }
        }
    }

    /// <summary>
    /// Parses and reads the inputs on every core and adds what they hold to the builder in input order, so the
    /// result and the order of diagnostics do not depend on the parallelism; returns how many documents there were.
    /// </summary>
    private static int ReadInOrder(IEnumerable<Func<ReadInput>> inputs, ClusterBuilder builder)
    {
        var documents = 0;
        try
        {
            foreach (var input in inputs.AsParallel().AsOrdered().Select(read => read()))
            {
                input.AddTo(builder);
                documents += input.Documents;
            }
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // A bug in a parser or reader: report it as itself, not as PLINQ's wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return documents;
    }

    /// <summary>
    /// netpol-analyzer's view of a pod (--strict): ipBlocks match only addresses outside the cluster, so pod addresses
    /// are not read, and a pod on the host network is selected like any other.
    /// </summary>
    private static Pod AsNetpolAnalyzer(Pod pod) => pod with { Addresses = [], HostNetwork = false };

    private static void ReadObject(LocatedYaml y, YamlValue node, string? inheritedKind, ReadInput input)
    {
        var isItem = inheritedKind is not null;
        if (node is not YamlMapping root)
        {
            if (isItem) throw y.Error(node, "an item of a List must be a mapping (an object with apiVersion, kind and metadata)");
            // A JSON array (say, a saved report, as beside netpol-analyzer's own test inputs) is skipped even under
            // --strict, as netpol-analyzer skips it; a lone value is left out like other documents that are no objects.
            if (node is YamlSequence) input.Diagnostics.Add(Diagnostic.Skipped(y.Span(node), "this document is a list, not a Kubernetes object; skipped"));
            else LeaveOut(input, y.Span(node), "this document is a single value, not a Kubernetes object (a mapping with apiVersion, kind and metadata)");
            return;
        }
        var kind = y.String(root, "kind", "a manifest") is { Length: > 0 } own ? own : inheritedKind is { Length: > 0 } ? inheritedKind : null;
        if (kind is null)
        {
            if (isItem) throw y.Error(root, "this List item has no 'kind'; add kind and apiVersion to it, or use a typed list such as PodList");
            LeaveOut(input, y.Span(root), "this document has no 'kind', so it is no Kubernetes object",
                SourceTrees.IsChartFile(y.File) ? SourceTrees.HelmHint : null, "add apiVersion and kind, or leave the file out of the input");
            return;
        }
        if (!isItem && NotAnObject(y, root, kind) is { } what)
        {
            LeaveOut(input, y.Span(root), what, SourceTrees.KustomizeHint);
            return;
        }
        var items = LocatedYaml.Child(root, "items");
        if (kind.EndsWith("List", StringComparison.Ordinal) && (items is not null || LocatedYaml.HasKey(root, "items")))
        {
            // Items of a typed list (PodList, as the API returns it) carry no kind of their own; a plain List's must.
            var itemKind = kind == "List" ? "" : ListItemKinds.GetValueOrDefault(kind, kind[..^"List".Length]);
            foreach (var item in y.Sequence(root, "items", kind)?.Children ?? [])
            {
                try { ReadObject(y, item, itemKind, input); }
                catch (InputError e) { input.Diagnostics.Add(e.Diagnostic); }
            }
            return;
        }
        var apiVersion = y.String(root, "apiVersion", "a manifest") ?? "";
        var metadata = y.Mapping(root, "metadata", kind) ?? new YamlMapping();
        var nameNode = y.Scalar(metadata, "name", "metadata") ?? y.Scalar(metadata, "generateName", "metadata");
        var name = nameNode?.Value;
        if (nameNode is null || string.IsNullOrEmpty(name))
        {
            // A kind netpact reads, or a policy, is broken without a name; another kind's file may be no object at all.
            if (ModelledKinds.Contains(kind) || WorkloadKinds.Contains(kind) || UnmodelledKinds.IsPolicy(apiVersion, kind))
                throw y.Error(root, $"this {kind} has no metadata.name; add one");
            LeaveOut(input, y.Span(root), $"this {kind} has no metadata.name, so it is no Kubernetes object netpact can name", fix: "add one, or leave the file out of the input");
            return;
        }
        var ns = y.String(metadata, "namespace", "metadata");
        if (string.IsNullOrEmpty(ns)) ns = "default";
        var span = y.Span(root);
        // The additions below keep spans, not nodes: a file's nodes can then die while it waits for its turn.
        var nameSpan = y.Span(nameNode);

        switch (kind)
        {
            case "Namespace":
                var @namespace = Namespace.Create(name, y.Labels(metadata, "labels", "metadata", input.Diagnostics), span);
                input.Then(builder => builder.AddNamespace(@namespace, nameSpan));
                break;
            case "NetworkPolicy" when apiVersion is "networking.k8s.io/v1" or "extensions/v1beta1" or "":
                var policy = NetworkPolicyReader.Read(y, root, ns, name, input.Diagnostics, input.Options.Strict);
                input.Then(builder => builder.AddPolicy(policy, nameSpan));
                break;
            case AdminNetworkPolicy.AdminKind or AdminNetworkPolicy.BaselineKind when apiVersion is "policy.networking.k8s.io/v1alpha1" or "":
            case AdminNetworkPolicy.ClusterKind when apiVersion is "policy.networking.k8s.io/v1alpha2" or "":
                var adminPolicy = AdminNetworkPolicyReader.Read(y, root, kind, name, input.Diagnostics);
                input.Then(builder => builder.AddAdminPolicy(adminPolicy, nameSpan));
                break;
            case CiliumPolicy.NamespacedKind or CiliumPolicy.ClusterwideKind when apiVersion == "cilium.io/v2":
                var ciliumPolicies = CiliumPolicyReader.Read(y, root, kind, ns, name, input.Diagnostics);
                input.Then(builder => builder.AddCiliumPolicies(kind, kind == CiliumPolicy.ClusterwideKind ? "" : ns, name, ciliumPolicies, nameSpan));
                break;
            case "Pod":
                var owner = WorkloadReader.PodOwner(y, metadata, input.Diagnostics);
                var pod = WorkloadReader.ReadPod(y, root, name, metadata, input.Diagnostics);
                if (input.Options.Strict) pod = AsNetpolAnalyzer(pod);
                input.Then(builder => builder.AddPod(ns, name, owner, pod, span, nameSpan));
                break;
            case "Service" when apiVersion is "v1" or "":
                // Read leniently: a Service only tells Istio's protocols, and never makes readable manifests unreadable.
                if (ServiceReader.Read(y, root, ns, name, input.Diagnostics) is { } service)
                    input.Then(builder => builder.AddService(service));
                else
                    input.Then(builder => builder.Skip(new SkippedResource(kind, apiVersion, ns, name, span)));
                break;
            case var k when WorkloadKinds.Contains(k):
                var template = WorkloadReader.ReadTemplate(y, root, kind, name, input.Diagnostics);
                if (input.Options.Strict) template = AsNetpolAnalyzer(template);
                input.Then(builder => builder.AddWorkload(ns, name, kind, template, span, nameSpan));
                break;
            case var _ when input.Options.WithIstio && UnmodelledKinds.Group(apiVersion) == "security.istio.io":
                break;
            default:
                var skipped = new SkippedResource(kind, apiVersion, UnmodelledKinds.IsClusterScoped(apiVersion, kind) ? "" : ns, name, span)
                {
                    IsPolicy = UnmodelledKinds.IsPolicy(apiVersion, kind),
                };
                if (skipped.IsPolicy) input.Diagnostics.Add(Diagnostic.Warning(span, UnmodelledKinds.NotModelled(skipped)));
                input.Then(builder => builder.Skip(skipped));
                break;
        }
    }

    /// <summary>What a document with a kind is when it is kustomize's input rather than an object, else null.</summary>
    private static string? NotAnObject(LocatedYaml y, YamlMapping root, string kind)
    {
        var apiVersion = y.String(root, "apiVersion", "a manifest") ?? "";
        if (apiVersion.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal))
            return $"this {kind} ({apiVersion}) is kustomize's input, not a Kubernetes object";
        // A strategic-merge patch such as { kind: Deployment, metadata: {name: x}, $patch: delete } patches an object kustomize builds.
        return LocatedYaml.HasKey(root, "$patch") ? $"this {kind} is a kustomize patch ('$patch'), not a Kubernetes object" : null;
    }
}
