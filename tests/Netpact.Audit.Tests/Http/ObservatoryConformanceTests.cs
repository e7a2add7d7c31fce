using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Http;

/// <summary>
/// One nginx path per combination of headers, cookies, scripts and redirects; netpact's score, grade and
/// every test result must equal what Mozilla HTTP Observatory 1.4.8 gave for the same responses
/// (recorded in TestData/observatory/*.expected, see its README).
/// </summary>
public sealed class ObservatoryConformanceTests(AuditLab lab)
{
    public static TheoryData<string> Variants => new(Enumerable.Range(1, 11).Select(i => $"v{i}"));

    [Theory]
    [MemberData(nameof(Variants))]
    public void Score_grade_and_results_equal_observatory_1_4_8(string variant)
    {
        var expected = File.ReadAllText(Path.Combine(AuditLab.TestData, "observatory", $"{variant}.expected"));

        var run = AuditLab.Audit("--http", $"http://localhost:{lab.VariantsHttp}/{variant}", "--http", $"https://localhost:{lab.VariantsHttps}/{variant}",
            "--ca", lab.CaFile, "--format", "json");

        Assert.Equal(expected, new AuditJsonView(run.Stdout).ObservatoryLines());
    }
}
