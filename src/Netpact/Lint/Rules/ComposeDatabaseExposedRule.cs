namespace Netpact.Lint.Rules;

/// <summary>ZT031: a Compose database that publishes ports, or shares a network with a service that does.</summary>
internal sealed class ComposeDatabaseExposedRule() : ComposeRule(
    "ZT031",
    "compose-database-beside-published-service",
    LintSeverity.Error,
    "Compose database on a network with a published-port service",
    "A service that publishes ports faces whatever reaches the host. A database on the same network is one exploit of " +
    "that service away, with nothing between them; a database that publishes its own port is reachable directly.",
    "Put the database on an internal network shared only with the services that query it, keep the published service " +
    "on a separate front network, and publish no database port (use 'expose' or nothing).",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci131, Compliance.Pci144)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var project in context.Compose)
        {
            foreach (var db in project.Services.Where(IsDatabase))
            {
                if (!db.Ports.IsEmpty)
                {
                    yield return Found($"database service '{db.Name}' publishes {string.Join(", ", db.Ports.Select(p => p.Text))} on the host",
                        db.Ports[0].Span, $"{project.File}|{db.Name}|published", subjects: [Subject(project, db)]);
                }
                foreach (var reference in db.Networks)
                {
                    var network = project.Network(reference.Name);
                    if (network is null) continue;
                    var published = Members(project, network).Where(s => s.Name != db.Name && !s.Ports.IsEmpty).ToList();
                    if (published.Count == 0) continue;
                    yield return Found(
                        $"database service '{db.Name}' shares network '{network.Name}' with {string.Join(", ", published.Select(s => $"'{s.Name}'"))}, " +
                        $"which publish{(published.Count == 1 ? "es" : "")} ports on the host",
                        reference.Span, $"{project.File}|{db.Name}|{network.Name}",
                        subjects: [Subject(project, db), .. published.Select(s => Subject(project, s))]);
                }
            }
        }
    }
}
