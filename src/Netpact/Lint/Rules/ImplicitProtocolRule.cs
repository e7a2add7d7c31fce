namespace Netpact.Lint.Rules;

/// <summary>ZT014: a port entry without a protocol, left to the TCP default.</summary>
internal sealed class ImplicitProtocolRule() : LintRule(
    "ZT014",
    "protocol-not-explicit",
    LintSeverity.Note,
    "Port entry without an explicit protocol",
    "A ports entry without protocol means TCP. For DNS, syslog, QUIC or any UDP service the rule then allows nothing of " +
    "what was meant, and a reviewer cannot tell an intended TCP from a forgotten UDP.",
    "Write the protocol of every ports entry: 'protocol: TCP', 'UDP' or 'SCTP'.",
    Compliance.Pci121, Compliance.Pci125)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var (policy, direction, index, rule) in context.Rules())
        {
            foreach (var port in rule.Ports.Where(p => context.Facts.PortsWithoutProtocol.Contains(p.Span)))
            {
                var value = port.Name ?? (port.Port is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "every port");
                yield return Found(
                    $"port {value} of {LintContext.Describe(policy, direction, index)} has no protocol, so it means TCP only",
                    port.Span, $"{policy.Id}|{direction}|{index}|{port}", subjects: [Subject(policy)]);
            }
        }
    }
}
