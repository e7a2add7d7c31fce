using Netpact.Audit.Http;

namespace Netpact.Audit.Tests.Http;

public sealed class ObservatoryGradeTests
{
    [Theory]
    [InlineData(135, "A+")]
    [InlineData(100, "A+")]
    [InlineData(99, "A")]
    [InlineData(90, "A")]
    [InlineData(85, "A-")]
    [InlineData(80, "B+")]
    [InlineData(70, "B")]
    [InlineData(65, "B-")]
    [InlineData(60, "C+")]
    [InlineData(50, "C")]
    [InlineData(45, "C-")]
    [InlineData(40, "D+")]
    [InlineData(30, "D")]
    [InlineData(25, "D-")]
    [InlineData(24, "F")]
    [InlineData(0, "F")]
    [InlineData(-80, "F")]
    public void Grades_follow_the_bands_of_five(int score, string grade) => Assert.Equal(grade, Observatory.GradeFor(score));

    [Fact]
    public void Modifiers_match_the_score_table()
    {
        Assert.Equal(10, Observatory.ModifierOf("csp-implemented-with-no-unsafe-default-src-none"));
        Assert.Equal(-40, Observatory.ModifierOf("cookies-session-without-secure-flag"));
        Assert.Equal(-50, Observatory.ModifierOf("sri-not-implemented-and-external-scripts-not-loaded-securely"));
        Assert.Equal(5, Observatory.ModifierOf("x-frame-options-implemented-via-csp"));
        Assert.Equal(10, Observatory.ModifierOf("corp-implemented-with-same-site"));
    }
}
