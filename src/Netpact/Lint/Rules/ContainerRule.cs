using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>What the container-practice rules (ZT050-ZT053) share: each container of each workload, once.</summary>
internal abstract class ContainerRule(string id, string name, LintSeverity severity, string title, string why, string fix, params string[] controls)
    : LintRule(id, name, severity, title, why, fix, controls)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var workload in context.Cluster.Workloads)
        {
            // Pods of one controller repeat the same containers: report each container once.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pod in workload.Pods)
            {
                foreach (var container in pod.Security.Containers.Where(c => seen.Add(c.Name)))
                {
                    if (Problem(pod.Security, container) is not var (problem, span)) continue;
                    var what = $"{(container.IsInit ? "init container" : "container")} '{container.Name}' of {workload.Id}";
                    yield return Found($"{what} {problem}", span, $"{workload.Id}|{container.Name}", [workload]);
                }
            }
        }
    }

    /// <summary>What is wrong with the container, and where to point; null when nothing is.</summary>
    protected abstract (string Problem, SourceSpan Span)? Problem(PodSecurity pod, ContainerSecurity container);
}
