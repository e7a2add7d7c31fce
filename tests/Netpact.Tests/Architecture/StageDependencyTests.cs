using System.Text.RegularExpressions;

namespace Netpact.Tests.Architecture;

/// <summary>
/// The house's rules, read from the code itself (its `namespace` and `using Netpact.X` lines and its folders), so
/// that a change that bends them fails here: stage folders of src/Netpact form no cycle, Compilers only write (no
/// reader under Compilers/), one file writes SARIF, and commands bind options and print (no command builds a lint,
/// verify or report pipeline itself).
/// </summary>
public sealed partial class StageDependencyTests
{
    private static string Library => Path.Combine(TestPaths.RepoRoot, "src", "Netpact");

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?(?:\w+\s*=\s*)?Netpact\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\bNetpact\.(\w+)\.\w+")]
    private static partial Regex QualifiedName();

    /// <summary>Per stage folder of src/Netpact, the other stage folders its files use.</summary>
    internal static Dictionary<string, SortedSet<string>> StageGraph()
    {
        var stages = Directory.GetDirectories(Library).Select(Path.GetFileName).Where(n => n is not ("bin" or "obj")).ToHashSet(StringComparer.Ordinal)!;
        var graph = stages.ToDictionary(s => s!, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Library, stage!), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                var text = File.ReadAllText(file);
                var used = UsingLine().Matches(text).Select(m => m.Groups[1].Value)
                    .Concat(QualifiedName().Matches(text).Select(m => m.Groups[1].Value));
                foreach (var other in used)
                {
                    if (other != stage && stages.Contains(other)) graph[stage!].Add(other);
                }
            }
        }
        return graph;
    }

    /// <summary>The cycles among stages: strongly connected components with more than one stage (Tarjan's algorithm).</summary>
    internal static List<List<string>> Cycles(Dictionary<string, SortedSet<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<List<string>>();
        var next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph[v])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            }
            while (x != v);
            if (component.Count > 1) result.Add([.. component.Order(StringComparer.Ordinal)]);
        }
        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v)) Visit(v);
        }
        return result;
    }

    [Fact]
    public void Stage_folders_form_no_cycle()
    {
        var graph = StageGraph();

        var cycles = Cycles(graph);

        Assert.True(cycles.Count == 0,
            "stage folders that use each other: " + string.Join("; ", cycles.Select(c => string.Join(" <-> ", c))) + "\n" +
            string.Join("\n", graph.Select(g => $"{g.Key} -> {string.Join(", ", g.Value)}")));
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle_it_is_given()
    {
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            ["Model"] = [], ["Analysis"] = ["Model"], ["Intents"] = ["Compilers", "Model"], ["Compilers"] = ["Intents"],
        };

        Assert.Equal([["Compilers", "Intents"]], Cycles(graph));
        graph["Compilers"].Remove("Intents");
        Assert.Empty(Cycles(graph));
    }

    [Fact]
    public void The_model_uses_no_other_stage()
    {
        Assert.Empty(StageGraph()["Model"]);
    }

    [Fact]
    public void Compilers_only_write_no_reader_lives_under_Compilers()
    {
        var readers = Directory.EnumerateFiles(Path.Combine(Library, "Compilers"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n!.EndsWith("Reader", StringComparison.Ordinal) || n.EndsWith("Parser", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(readers);
    }

    [Fact]
    public void One_file_writes_SARIF()
    {
        var writers = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("sarif-2.1.0", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f))
            .ToList();

        Assert.Single(writers);
    }

    /// <summary>The entry points of the stages a check pipeline joins: a command may call its own stage, never two.</summary>
    private static readonly (string Stage, string[] Entries)[] PipelineStages =
    [
        ("lint", ["Linter."]),
        ("verify", ["ManifestVerifier.", "IntentVerifier."]),
        ("report", ["ReportModelBuilder."]),
    ];

    [Fact]
    public void No_command_builds_a_lint_verify_or_report_pipeline_itself()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src", "Netpact.Cli"), "*Command.cs"))
        {
            var text = File.ReadAllText(file);
            var stages = PipelineStages.Where(s => s.Entries.Any(e => text.Contains(e, StringComparison.Ordinal))).Select(s => s.Stage).ToList();
            if (stages.Count > 1) offenders.Add($"{Path.GetFileName(file)} joins {string.Join(" and ", stages)} itself; call Netpact.Checks.PactCheck");
        }

        Assert.Empty(offenders);
    }
}
