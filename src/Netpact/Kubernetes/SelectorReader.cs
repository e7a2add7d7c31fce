using System.Collections.Immutable;
using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Kubernetes;

/// <summary>Reads metav1.LabelSelector (matchLabels + matchExpressions) with the API's validation.</summary>
internal static class SelectorReader
{
    public static LabelSelector Read(LocatedYaml y, YamlValue node, string what)
    {
        var map = y.AsMapping(node, what);
        var requirements = ImmutableArray.CreateBuilder<LabelRequirement>();
        foreach (var (key, value) in y.Labels(map, "matchLabels", what))
        {
            requirements.Add(new LabelRequirement(key, SelectorOperator.In, [value]) { FromMatchLabels = true });
        }
        var expressions = y.Sequence(map, "matchExpressions", what);
        foreach (var exprNode in expressions?.Children ?? [])
        {
            var expr = y.AsMapping(exprNode, "a matchExpressions entry");
            var keyNode = y.Scalar(expr, "key", "a matchExpressions entry")
                          ?? throw y.Error(expr, "a matchExpressions entry needs a 'key'");
            var key = keyNode.Value ?? "";
            if (LabelSyntax.KeyProblem(key) is { } keyProblem)
                throw y.Error(keyNode, $"'{key}' is not a valid label key: {keyProblem}");
            var opNode = y.Scalar(expr, "operator", "a matchExpressions entry")
                         ?? throw y.Error(expr, "a matchExpressions entry needs an 'operator' (In, NotIn, Exists, DoesNotExist)");
            // Spelled out rather than Enum.TryParse, which would also take "1" or "NotIn, In".
            var op = opNode.Value switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                _ => throw y.Error(opNode, $"'{opNode.Value}' is not a valid selector operator: use In, NotIn, Exists or DoesNotExist"),
            };
            var values = (y.Sequence(expr, "values", "a matchExpressions entry")?.Children ?? [])
                .Select(v => ReadValue(y, v, key))
                .ToImmutableArray();
            if (op is SelectorOperator.In or SelectorOperator.NotIn && values.IsEmpty)
                throw y.Error(expr, $"operator {op} needs a non-empty 'values' list; add the values, or use Exists or DoesNotExist");
            if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist && !values.IsEmpty)
                throw y.Error(expr, $"operator {op} takes no 'values'; remove them");
            requirements.Add(new LabelRequirement(key, op, values));
        }
        return new LabelSelector(requirements.ToImmutable());
    }

    private static string ReadValue(LocatedYaml y, YamlValue node, string key)
    {
        var value = (node as YamlScalar ?? throw y.Error(node, "selector values must be strings")).Value ?? "";
        if (LabelSyntax.ValueProblem(value) is { } problem)
            throw y.Error(node, $"'{value}' is not a valid value for label '{key}': {problem}");
        return value;
    }
}
