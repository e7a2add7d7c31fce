using System.Collections.Immutable;
using Netpact.Model;
using YamlDotNet.RepresentationModel;

namespace Netpact.Kubernetes;

/// <summary>Reads metav1.LabelSelector (matchLabels + matchExpressions) with the API's validation.</summary>
internal static class SelectorReader
{
    public static LabelSelector Read(YamlNodes y, YamlNode node, string what)
    {
        var map = y.AsMapping(node, what);
        var requirements = ImmutableArray.CreateBuilder<LabelRequirement>();
        foreach (var (key, value) in y.StringMap(map, "matchLabels", what))
        {
            requirements.Add(new LabelRequirement(key, SelectorOperator.In, [value]));
        }
        var expressions = y.Sequence(map, "matchExpressions", what);
        foreach (var exprNode in expressions?.Children ?? [])
        {
            var expr = y.AsMapping(exprNode, "a matchExpressions entry");
            var key = y.String(expr, "key", "a matchExpressions entry")
                      ?? throw y.Error(expr, "a matchExpressions entry needs a 'key'");
            var opNode = y.Scalar(expr, "operator", "a matchExpressions entry")
                         ?? throw y.Error(expr, "a matchExpressions entry needs an 'operator' (In, NotIn, Exists, DoesNotExist)");
            if (!Enum.TryParse<SelectorOperator>(opNode.Value, ignoreCase: false, out var op) || !Enum.IsDefined(op))
                throw y.Error(opNode, $"'{opNode.Value}' is not a valid selector operator: use In, NotIn, Exists or DoesNotExist");
            var values = (y.Sequence(expr, "values", "a matchExpressions entry")?.Children ?? [])
                .Select(v => v is YamlScalarNode s ? s.Value ?? "" : throw y.Error(v, "selector values must be strings"))
                .ToImmutableArray();
            if (op is SelectorOperator.In or SelectorOperator.NotIn && values.IsEmpty)
                throw y.Error(expr, $"operator {op} needs a non-empty 'values' list");
            if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist && !values.IsEmpty)
                throw y.Error(expr, $"operator {op} takes no 'values'; remove them");
            requirements.Add(new LabelRequirement(key, op, values));
        }
        return new LabelSelector(requirements.ToImmutable());
    }
}
