namespace Netpact.Sources;

/// <summary>
/// Files of a repository that are inputs of Helm or kustomize rather than manifests: what they are, and what to run
/// to get the manifests they stand for.
/// </summary>
internal static class SourceTrees
{
    public const string HelmHint = "analyze what the chart renders: helm template NAME CHART | netpact analyze -";

    public const string KustomizeHint = "analyze what it builds: kustomize build DIR | netpact analyze -";

    /// <summary>
    /// A file under the templates/ folder of a Helm chart (a folder with Chart.yaml): a Go template that is no manifest
    /// until rendered, even where it happens to parse as YAML (its namespace and values are the release's).
    /// </summary>
    public static bool IsChartTemplate(string file)
    {
        if (file is "-" or "<stdin>") return false;
        var path = Path.GetFullPath(file);
        if (!path.Contains("templates", StringComparison.Ordinal)) return false;
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir.Parent is { } parent; dir = parent)
        {
            if (dir.Name == "templates" && File.Exists(Path.Combine(parent.FullName, "Chart.yaml"))) return true;
        }
        return false;
    }

    /// <summary>A file of a Helm chart's own folder (Chart.yaml, values.yaml): chart metadata and values, no manifests.</summary>
    public static bool IsChartFile(string file) =>
        file is not ("-" or "<stdin>") && File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "Chart.yaml"));

    /// <summary>
    /// Text with Helm's template actions: '{{' with one of Helm's objects (.Values, .Release, .Chart...), a trimming
    /// '{{-' or '-}}', or a named template. A stray '{{ }}' in a manifest (a templating leftover) is not enough: such a
    /// file was meant as a manifest, and its syntax error stays an error.
    /// </summary>
    public static bool LooksLikeHelmTemplate(ReadOnlySpan<char> text)
    {
        if (!text.Contains("{{", StringComparison.Ordinal)) return false;
        foreach (var sign in HelmSigns)
        {
            if (text.Contains(sign, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static readonly string[] HelmSigns =
        [".Values", ".Release.", ".Chart.", ".Capabilities.", ".Files.", ".Template.", "{{-", "-}}", "{{ include ", "{{ template ", "{{ define "];
}
