using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Lint;

/// <summary>
/// One lint rule: its id (ZTnnn, documented in docs/rules/ZTnnn.md), a severity, the compliance controls it
/// serves, why it matters in zero-trust terms and how to fix what it finds.
/// </summary>
public abstract class LintRule(
    string id,
    string name,
    LintSeverity severity,
    string title,
    string why,
    string fix,
    params string[] controls)
{
    public string Id { get; } = id;

    /// <summary>A short kebab-case name (SARIF reportingDescriptor.name).</summary>
    public string Name { get; } = name;

    public LintSeverity Severity { get; } = severity;

    /// <summary>One sentence: what the rule reports.</summary>
    public string Title { get; } = title;

    /// <summary>Why it matters, in zero-trust terms.</summary>
    public string Why { get; } = why;

    /// <summary>How to fix a finding, in general; a finding may say more precisely.</summary>
    public string Fix { get; } = fix;

    public ImmutableArray<string> Controls { get; } = [.. controls];

    /// <summary>The input layer the rule reads: Kubernetes, Istio, Compose or AWS.</summary>
    public virtual string Layer => "Kubernetes";

    internal abstract IEnumerable<Finding> Check(LintContext context);

    /// <summary>A finding of this rule. The key must not depend on line numbers: it identifies the finding across edits.</summary>
    protected Finding Found(
        string message,
        SourceSpan span,
        string key,
        IEnumerable<Workload>? workloads = null,
        IEnumerable<ObjectRef>? subjects = null,
        string? fix = null)
    {
        var involved = (workloads ?? []).Distinct().ToList();
        return new Finding(
            this,
            message,
            span,
            [.. involved.Select(w => w.Id)],
            fix ?? Fix,
            [.. (subjects ?? []).Concat(involved.Select(Subject)).Distinct()],
            $"{Id}|{key}");
    }

    protected static ObjectRef Subject(Workload w) => new(w.Kind, w.Namespace, w.Name);

    protected static ObjectRef Subject(NetworkPolicy p) => new("NetworkPolicy", p.Namespace, p.Name);

    public override string ToString() => $"{Id} {Name}";
}
