using Netpact.Tests;
namespace Netpact.Cli.Tests;

/// <summary>
/// Hand-checked cases: tests/testdata/analyze/&lt;case&gt;/input.yaml with expected.&lt;format&gt; beside it.
/// Nothing is regenerated: a change of output must be a change of these files, reviewed.
/// </summary>
public sealed class ConnlistGoldenTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestPaths.TestData, "analyze")).Order(StringComparer.Ordinal))
        {
            foreach (var expected in Directory.GetFiles(dir, "expected.*").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir), Path.GetExtension(expected).TrimStart('.'));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analyze_output_matches_the_reviewed_file(string testCase, string format)
    {
        var dir = Path.Combine(TestPaths.TestData, "analyze", testCase);

        var result = CliRunner.Run("analyze", Path.Combine(dir, "input.yaml"), "--format", format);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, $"expected.{format}")), result.Stdout);
    }
}
