using Netpact.Compose;

namespace Netpact.Lint.Rules;

/// <summary>What the Compose rules (ZT030-ZT032) share: subjects for suppression, members of a network, database services.</summary>
internal abstract class ComposeRule(string id, string name, LintSeverity severity, string title, string why, string fix, params string[] controls)
    : LintRule(id, name, severity, title, why, fix, controls)
{
    private static readonly string[] DatabaseNames =
        ["postgres", "mysql", "mariadb", "mongo", "redis", "memcached", "cassandra", "elasticsearch", "opensearch", "couchdb", "cockroach", "db", "database"];

    public override string Layer => "Compose";

    /// <summary>A service as a suppression target: the project (or file) as namespace, the service as name.</summary>
    protected static ObjectRef Subject(ComposeProject project, ComposeService service) =>
        new("ComposeService", project.Name ?? Path.GetFileName(project.File), service.Name);

    protected static IEnumerable<ComposeService> Members(ComposeProject project, ComposeNetwork network) =>
        project.Services.Where(s => s.Mode == ComposeNetworkMode.Networks && s.Networks.Any(n => n.Name == network.Name));

    /// <summary>Whether the service's name says it is a data store (postgres, redis, orders-db, ...).</summary>
    protected static bool IsDatabase(ComposeService service) =>
        service.Name.Split('-', '_', '.').Any(part => DatabaseNames.Any(db => part.StartsWith(db, StringComparison.OrdinalIgnoreCase)));
}
