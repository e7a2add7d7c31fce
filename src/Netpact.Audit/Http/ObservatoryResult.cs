using System.Collections.Immutable;

namespace Netpact.Audit.Http;

/// <summary>One Observatory test: its name, the result (an Observatory expectation id), pass/fail and score modifier.</summary>
public sealed record ObservatoryTest(string Name, string Title, string Result, bool Pass, int Modifier, string Detail);

/// <summary>The Observatory's verdict on a site: score (may exceed 100 with bonus), grade and the ten tests.</summary>
public sealed record ObservatoryResult(int Score, string Grade, int TestsPassed, int TestsFailed, ImmutableArray<ObservatoryTest> Tests, int StatusCode);
