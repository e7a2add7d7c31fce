using System.Collections.Immutable;
using System.Globalization;
using Netpact.Model;

namespace Netpact.Sources.Nftables;

/// <summary>
/// Reads the nftables text a host loads with 'nft -f': table blocks (as 'nft list ruleset' prints them) and
/// commands (add/insert/delete/flush, define). It understands what decides which connections a host accepts:
/// addresses, named sets, protocols, destination ports, ct state, loopback, verdicts, jumps and verdict maps.
/// Anything else in a rule is an error at its place: a rule netpact cannot evaluate would make the prediction wrong.
/// </summary>
internal sealed class NftParser
{
    private readonly List<NftToken> _tokens;
    private readonly List<Diagnostic> _diagnostics;
    private readonly NftRuleset _ruleset;
    private int _i;

    private NftParser(List<NftToken> tokens, NftRuleset ruleset, List<Diagnostic> diagnostics)
    {
        _tokens = tokens;
        _ruleset = ruleset;
        _diagnostics = diagnostics;
    }

    public static void Parse(string text, string file, NftRuleset into, List<Diagnostic> diagnostics)
    {
        var tokens = Substitute(NftLexer.Tokenize(text, file, diagnostics), diagnostics);
        new NftParser(tokens, into, diagnostics).ParseTop();
    }

    private static readonly string[] Families = ["inet", "ip", "ip6", "arp", "bridge", "netdev"];

    private NftToken Peek => _tokens[_i];
    private bool AtEnd => _i >= _tokens.Count - 1;

    private NftToken Next() => _i < _tokens.Count - 1 ? _tokens[_i++] : _tokens[^1];

    private void Error(SourceSpan span, string message) => _diagnostics.Add(Diagnostic.Error(span, message));

    private void SkipEnds()
    {
        while (!AtEnd && Peek.Kind == NftTokenKind.End) _i++;
    }

    /// <summary>Skips to the end of the statement, over any braces it opens.</summary>
    private void SkipStatement()
    {
        var depth = 0;
        while (!AtEnd)
        {
            var t = Peek;
            if (depth == 0 && (t.Kind == NftTokenKind.End || t.Kind == NftTokenKind.Close)) return;
            if (t.Kind == NftTokenKind.Open) depth++;
            if (t.Kind == NftTokenKind.Close) depth--;
            _i++;
        }
    }

    private void SkipBlock()
    {
        if (Peek.Kind != NftTokenKind.Open) { SkipStatement(); return; }
        var depth = 0;
        while (!AtEnd)
        {
            var t = Next();
            if (t.Kind == NftTokenKind.Open) depth++;
            if (t.Kind == NftTokenKind.Close && --depth == 0) return;
        }
    }

    /// <summary>Replaces '$name' by the tokens of 'define name = ...' before it; defines leave no tokens.</summary>
    private static List<NftToken> Substitute(List<NftToken> tokens, List<Diagnostic> diagnostics)
    {
        var result = new List<NftToken>();
        var defines = new Dictionary<string, List<NftToken>>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var statementStart = result.Count == 0 || result[^1].Kind is NftTokenKind.End or NftTokenKind.Open or NftTokenKind.Close;
            if (statementStart && t.Kind == NftTokenKind.Word && (t.Text is "define" or "redefine" or "undefine"))
            {
                var j = i + 1;
                if (j < tokens.Count && tokens[j].Kind == NftTokenKind.Word)
                {
                    var name = tokens[j].Text;
                    j++;
                    if (t.Text == "undefine") defines.Remove(name);
                    else
                    {
                        if (j < tokens.Count && tokens[j].Is("=")) j++;
                        var value = new List<NftToken>();
                        while (j < tokens.Count && tokens[j].Kind != NftTokenKind.End) value.Add(tokens[j++]);
                        defines[name] = [.. value.SelectMany(v => Expand(v, defines, diagnostics))];
                    }
                }
                else diagnostics.Add(Diagnostic.Error(t.Span, $"'{t.Text}' needs a name: define NAME = VALUE"));
                while (j < tokens.Count && tokens[j].Kind != NftTokenKind.End) j++;
                i = j;
                continue;
            }
            result.AddRange(Expand(t, defines, diagnostics));
        }
        if (result.Count == 0 || result[^1].Kind != NftTokenKind.End) result.Add(tokens[^1]);
        return result;
    }

    private static IEnumerable<NftToken> Expand(NftToken t, Dictionary<string, List<NftToken>> defines, List<Diagnostic> diagnostics)
    {
        if (t.Kind != NftTokenKind.Word || !t.Text.StartsWith('$') || t.Text.Length < 2) return [t];
        var name = t.Text[1..];
        if (defines.TryGetValue(name, out var value)) return value.Select(v => v with { Span = t.Span });
        diagnostics.Add(Diagnostic.Error(t.Span, $"'${name}' is not defined; define it before use: define {name} = ..."));
        // Kept as a value that fails quietly: one mistake, one error.
        return [t];
    }

    private void ParseTop()
    {
        while (true)
        {
            SkipEnds();
            if (AtEnd) return;
            var t = Next();
            switch (t.Kind == NftTokenKind.Word ? t.Text : "")
            {
                case "table":
                    TableStatement(t, create: true);
                    break;
                case "add" or "create" or "insert" or "replace":
                    Command(t);
                    break;
                case "delete" or "destroy":
                    Delete(t);
                    break;
                case "flush":
                    Flush(t);
                    break;
                case "include":
                    Error(t.Span, "'include' is not read: put every rule of the host in its own file (netpact reads one file per host, named after the workload)");
                    SkipStatement();
                    break;
                default:
                    Error(t.Span, $"unexpected {t}: a ruleset file holds 'table' blocks and add, insert, delete, flush or define commands");
                    SkipStatement();
                    if (Peek.Kind == NftTokenKind.Close) _i++;
                    break;
            }
        }
    }

    /// <summary>'[family]' then a name; nft's default family is ip.</summary>
    private (string Family, NftToken Name)? FamilyAndName(NftToken at)
    {
        var family = "ip";
        if (Peek.Kind == NftTokenKind.Word && Families.Contains(Peek.Text)) family = Next().Text;
        if (Peek.Kind != NftTokenKind.Word)
        {
            Error(Peek.Span, $"{at} needs a table name here, found {Peek}");
            SkipStatement();
            return null;
        }
        return (family, Next());
    }

    private NftTable? Table(string family, NftToken name, bool create)
    {
        var f = family switch { "inet" => NftFamily.Inet, "ip" => NftFamily.Ip, "ip6" => NftFamily.Ip6, _ => (NftFamily?)null };
        if (f is null)
        {
            _diagnostics.Add(Diagnostic.Warning(name.Span, $"table {family} {name.Text} is not read: only inet, ip and ip6 tables filter a host's connections"));
            return null;
        }
        var table = _ruleset.Tables.FirstOrDefault(t => t.Family == f && t.Name == name.Text);
        if (table is null && create)
        {
            table = new NftTable(f.Value, name.Text, name.Span);
            _ruleset.Tables.Add(table);
        }
        if (table is null) Error(name.Span, $"table {family} {name.Text} does not exist here; declare it first: table {family} {name.Text} {{ ... }}");
        return table;
    }

    private void TableStatement(NftToken at, bool create)
    {
        if (FamilyAndName(at) is not (var family, var name)) return;
        var table = Table(family, name, create);
        if (Peek.Kind != NftTokenKind.Open) return;
        if (table is null) { SkipBlock(); return; }
        Next();
        while (true)
        {
            SkipEnds();
            if (AtEnd) { Error(at.Span, $"syntax error: the '{{' of table {name.Text} is never closed; add the '}}' after its last chain"); return; }
            if (Peek.Kind == NftTokenKind.Close) { Next(); return; }
            var t = Next();
            switch (t.Kind == NftTokenKind.Word ? t.Text : "")
            {
                case "set":
                    if (Peek.Kind != NftTokenKind.Word) { Error(Peek.Span, $"a set needs a name, found {Peek}"); SkipStatement(); break; }
                    SetBlock(table, Next());
                    break;
                case "chain":
                    if (Peek.Kind != NftTokenKind.Word) { Error(Peek.Span, $"a chain needs a name, found {Peek}"); SkipStatement(); break; }
                    ChainBlock(table, Next());
                    break;
                case "flags":
                    var flags = Values();
                    if (flags.Any(v => v.Text == "dormant")) table.Dormant = true;
                    break;
                case "comment":
                    SkipStatement();
                    break;
                case "map" or "flowtable":
                    Error(t.Span, $"'{t.Text}' is not read: netpact reads sets, chains and rules; write the map as rules or a verdict map in a rule");
                    if (Peek.Kind == NftTokenKind.Word) Next();
                    SkipBlock();
                    break;
                case "counter" or "quota" or "limit" or "ct" or "secmark" or "synproxy":
                    // Named stateful objects: only what rules do with them matters.
                    SkipStatement();
                    if (Peek.Kind == NftTokenKind.Open) SkipBlock();
                    break;
                default:
                    Error(t.Span, $"unexpected {t} in table {name.Text}: expected set, chain, flags or comment");
                    SkipStatement();
                    if (Peek.Kind == NftTokenKind.Open) SkipBlock();
                    break;
            }
        }
    }

    private NftSet SetOf(NftTable table, NftToken name)
    {
        if (!table.Sets.TryGetValue(name.Text, out var set)) table.Sets[name.Text] = set = new NftSet(name.Text, name.Span);
        return set;
    }

    private void SetBlock(NftTable table, NftToken name)
    {
        var set = SetOf(table, name);
        if (Peek.Kind != NftTokenKind.Open) { Error(Peek.Span, $"set {name.Text} needs a '{{' with its type and elements"); SkipStatement(); return; }
        Next();
        while (true)
        {
            SkipEnds();
            if (AtEnd) { Error(name.Span, $"syntax error: the '{{' of set {name.Text} is never closed"); return; }
            if (Peek.Kind == NftTokenKind.Close) { Next(); return; }
            var t = Next();
            switch (t.Text)
            {
                case "type":
                    var words = new List<string>();
                    while (Peek.Kind == NftTokenKind.Word) words.Add(Next().Text);
                    set.Type = words switch
                    {
                        ["ipv4_addr"] => NftSetType.Ipv4,
                        ["ipv6_addr"] => NftSetType.Ipv6,
                        ["inet_service"] => NftSetType.Service,
                        ["inet_proto"] => NftSetType.Protocol,
                        _ => NftSetType.Other,
                    };
                    break;
                case "typeof":
                    var expr = new List<string>();
                    while (Peek.Kind == NftTokenKind.Word) expr.Add(Next().Text);
                    set.Type = expr switch
                    {
                        ["ip", "saddr" or "daddr"] => NftSetType.Ipv4,
                        ["ip6", "saddr" or "daddr"] => NftSetType.Ipv6,
                        ["tcp" or "udp" or "sctp" or "th", "dport"] => NftSetType.Service,
                        ["meta", "l4proto"] or ["ip", "protocol"] or ["ip6", "nexthdr"] => NftSetType.Protocol,
                        _ => NftSetType.Other,
                    };
                    break;
                case "elements":
                    if (Peek.Is("=")) Next();
                    AddElements(set, t);
                    break;
                default:
                    // flags, timeout, size, policy, counter, auto-merge, comment: nothing that changes membership.
                    SkipStatement();
                    break;
            }
        }
    }

    /// <summary>Values outside rules (set elements, flags): '{ a, b }' or 'a, b', the first word of each element.</summary>
    private List<NftToken> Values()
    {
        var values = new List<NftToken>();
        if (Peek.Kind == NftTokenKind.Open)
        {
            Next();
            var first = true;
            while (!AtEnd && Peek.Kind != NftTokenKind.Close)
            {
                var t = Next();
                if (t.Kind == NftTokenKind.Comma) { first = true; continue; }
                if (t.Kind == NftTokenKind.End) continue;
                // An element's options (timeout, comment) follow its value.
                if (first && t.Kind is NftTokenKind.Word or NftTokenKind.String) values.Add(t);
                first = false;
            }
            if (!AtEnd) Next();
            return values;
        }
        while (Peek.Kind is NftTokenKind.Word or NftTokenKind.String)
        {
            values.Add(Next());
            if (Peek.Kind != NftTokenKind.Comma) break;
            Next();
        }
        return values;
    }

    private void AddElements(NftSet set, NftToken at)
    {
        var values = Values();
        if (set.Type == NftSetType.Other)
        {
            if (values.Count > 0) Error(at.Span, $"set {set.Name} has a type netpact does not read; use ipv4_addr, ipv6_addr, inet_service or inet_proto");
            return;
        }
        foreach (var v in values)
        {
            switch (set.Type)
            {
                case NftSetType.Ipv4 or NftSetType.Ipv6:
                    if (Address(v) is { } r)
                    {
                        if (r.IsV6 != (set.Type == NftSetType.Ipv6)) Error(v.Span, $"{v} is an {(r.IsV6 ? "IPv6" : "IPv4")} address, but set {set.Name} holds {(set.Type == NftSetType.Ipv6 ? "IPv6" : "IPv4")} addresses");
                        else set.Addresses.Add(r);
                    }
                    break;
                case NftSetType.Service:
                    if (Ports(v) is { } p) set.Ports = set.Ports.Union(p);
                    break;
                case NftSetType.Protocol:
                    if (Protocols(v) is { } c) set.Protocols = set.Protocols.Union(c);
                    break;
            }
        }
    }

    private void ChainBlock(NftTable table, NftToken name)
    {
        var chain = table.Chain(name.Text);
        if (chain is null) table.Chains.Add(chain = new NftChain(name.Text, name.Span));
        if (Peek.Kind != NftTokenKind.Open) return;
        Next();
        while (true)
        {
            SkipEnds();
            if (AtEnd) { Error(name.Span, $"syntax error: the '{{' of chain {name.Text} is never closed; add the '}}' after its last rule"); return; }
            if (Peek.Kind == NftTokenKind.Close) { Next(); return; }
            if (Peek.Is("type")) { ChainType(chain); continue; }
            if (Peek.Is("policy"))
            {
                var p = Next();
                var value = Next();
                if (value.Is("accept") || value.Is("drop")) { chain.PolicyAccept = value.Text == "accept"; chain.PolicySpan = p.Span; }
                else Error(value.Span, $"a policy is accept or drop, not {value}");
                continue;
            }
            if (Peek.Is("comment") || Peek.Is("devices") || Peek.Is("device"))
            {
                SkipStatement();
                continue;
            }
            chain.Rules.AddRange(RuleTokens() is { Count: > 0 } tokens && ParseRule(tokens) is { } rule ? [rule] : []);
        }
    }

    /// <summary>'type filter hook input [device x] priority filter'.</summary>
    private void ChainType(NftChain chain)
    {
        var at = Next();
        var type = Next();
        chain.Type = type.Text;
        if (!Next().Is("hook")) { Error(at.Span, "a base chain is declared as: type filter hook input priority filter"); SkipStatement(); return; }
        var hook = Next();
        chain.Hook = hook.Text;
        if (Peek.Is("device")) { Next(); Next(); }
        if (!Peek.Is("priority")) { Error(Peek.Span, $"expected 'priority' after the hook, found {Peek}"); SkipStatement(); return; }
        Next();
        var priority = 0;
        var sign = 1;
        while (Peek.Kind == NftTokenKind.Word)
        {
            var w = Next().Text;
            if (w == "+") sign = 1;
            else if (w == "-") sign = -1;
            else if (int.TryParse(w, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) priority += sign * n;
            else priority += sign * (w switch { "raw" => -300, "mangle" => -150, "dstnat" => -100, "filter" => 0, "security" => 50, "srcnat" => 100, _ => 0 });
        }
        chain.Priority = priority;
    }

    /// <summary>The tokens of one rule: up to the end of the statement, or a '}' that closes the chain.</summary>
    private List<NftToken> RuleTokens()
    {
        var tokens = new List<NftToken>();
        var depth = 0;
        while (!AtEnd)
        {
            var t = Peek;
            if (depth == 0 && (t.Kind == NftTokenKind.End || t.Kind == NftTokenKind.Close)) break;
            if (t.Kind == NftTokenKind.Open) depth++;
            if (t.Kind == NftTokenKind.Close) depth--;
            // Inside braces a newline separates nothing.
            if (!(depth > 0 && t.Kind == NftTokenKind.End)) tokens.Add(t);
            _i++;
        }
        return tokens;
    }

    private void Command(NftToken verb)
    {
        var what = Next();
        switch (what.Text)
        {
            case "table":
                TableStatement(what, create: true);
                break;
            case "chain":
                {
                    if (FamilyAndName(what) is not (var family, var tableName)) return;
                    var table = Table(family, tableName, create: false);
                    if (table is null || Peek.Kind != NftTokenKind.Word) { SkipStatement(); return; }
                    ChainBlock(table, Next());
                    break;
                }
            case "set":
                {
                    if (FamilyAndName(what) is not (var family, var tableName)) return;
                    var table = Table(family, tableName, create: false);
                    if (table is null || Peek.Kind != NftTokenKind.Word) { SkipStatement(); return; }
                    SetBlock(table, Next());
                    break;
                }
            case "element":
                {
                    if (FamilyAndName(what) is not (var family, var tableName)) return;
                    var table = Table(family, tableName, create: false);
                    if (table is null || Peek.Kind != NftTokenKind.Word) { SkipStatement(); return; }
                    var name = Next();
                    if (!table.Sets.TryGetValue(name.Text, out var set)) { Error(name.Span, $"set {name.Text} does not exist in table {tableName.Text}"); SkipStatement(); return; }
                    AddElements(set, name);
                    break;
                }
            case "rule":
                {
                    if (FamilyAndName(what) is not (var family, var tableName)) return;
                    var table = Table(family, tableName, create: false);
                    if (table is null || Peek.Kind != NftTokenKind.Word) { SkipStatement(); return; }
                    var chainName = Next();
                    var chain = table.Chain(chainName.Text);
                    if (chain is null) { Error(chainName.Span, $"chain {chainName.Text} does not exist in table {tableName.Text}"); SkipStatement(); return; }
                    var insert = verb.Text == "insert";
                    if (Peek.Is("position") || Peek.Is("handle") || Peek.Is("index"))
                    {
                        Error(Peek.Span, $"'{Peek.Text}' is not read: add rules in the order they apply");
                        SkipStatement();
                        return;
                    }
                    if (RuleTokens() is { Count: > 0 } tokens && ParseRule(tokens) is { } rule)
                    {
                        if (insert) chain.Rules.Insert(0, rule); else chain.Rules.Add(rule);
                    }
                    break;
                }
            default:
                Error(what.Span, $"'{verb.Text} {what.Text}' is not read; netpact reads add/insert of tables, chains, sets, elements and rules");
                SkipStatement();
                break;
        }
    }

    private void Delete(NftToken verb)
    {
        var what = Next();
        if (!what.Is("table"))
        {
            Error(what.Span, $"'{verb.Text} {what.Text}' is not read; netpact reads 'delete table' only");
            SkipStatement();
            return;
        }
        if (FamilyAndName(what) is (var family, var name) && Table(family, name, create: false) is { } table) _ruleset.Tables.Remove(table);
    }

    private void Flush(NftToken verb)
    {
        var what = Next();
        if (what.Is("ruleset"))
        {
            if (Peek.Kind == NftTokenKind.Word && Families.Contains(Peek.Text)) Next();
            _ruleset.Tables.Clear();
            return;
        }
        if (!what.Is("table") && !what.Is("chain"))
        {
            Error(what.Span, $"'{verb.Text} {what.Text}' is not read; netpact reads flush ruleset, table and chain");
            SkipStatement();
            return;
        }
        if (FamilyAndName(what) is not (var family, var name) || Table(family, name, create: false) is not { } table) return;
        if (what.Is("table"))
        {
            foreach (var chain in table.Chains) chain.Rules.Clear();
            foreach (var set in table.Sets.Values) { set.Addresses.Clear(); set.Ports = PortSet.Empty; set.Protocols = ConnectionSet.Empty; }
        }
        else if (Peek.Kind == NftTokenKind.Word && table.Chain(Next().Text) is { } c)
        {
            c.Rules.Clear();
        }
    }

    // ---- rules ----

    private sealed class RuleCursor(List<NftToken> tokens)
    {
        private int _i;
        public bool Done => _i >= tokens.Count;
        public NftToken Peek => _i < tokens.Count ? tokens[_i] : new NftToken(NftTokenKind.End, "", tokens[^1].Span);
        public NftToken Next() => _i < tokens.Count ? tokens[_i++] : Peek;
        public bool PeekIs(string word) => !Done && Peek.Is(word);
    }

    private enum SelectorKind { Address, Protocol, Port, CtState, Interface, Family }

    private sealed record Selector(SelectorKind Kind, SourceSpan Span, bool V6 = false, bool Source = false, ImmutableArray<Protocol> Protocols = default, bool ImpliesFamily = false);

    private NftRule? ParseRule(List<NftToken> tokens)
    {
        var c = new RuleCursor(tokens);
        var matches = ImmutableArray.CreateBuilder<NftMatch>();
        NftVerdict? verdict = null;
        var vmap = ImmutableArray<NftVmapEntry>.Empty;
        string? comment = null;
        var ok = true;
        var start = tokens[0].Span;

        while (!c.Done && ok)
        {
            var t = c.Peek;
            if (t.Kind != NftTokenKind.Word)
            {
                ok = Fail(t.Span, $"unexpected {t} in a rule");
                break;
            }
            switch (t.Text)
            {
                case "counter":
                    c.Next();
                    while (c.PeekIs("packets") || c.PeekIs("bytes") || c.PeekIs("name")) { c.Next(); c.Next(); }
                    continue;
                case "log":
                    c.Next();
                    while (c.PeekIs("prefix") || c.PeekIs("level") || c.PeekIs("group") || c.PeekIs("snaplen") || c.PeekIs("queue-threshold") || c.PeekIs("flags"))
                    {
                        c.Next();
                        c.Next();
                    }
                    continue;
                case "comment":
                    c.Next();
                    comment = c.Next().Text;
                    continue;
                case "accept" or "drop" or "continue" or "return":
                    c.Next();
                    verdict = new NftVerdict(Enum.Parse<NftVerdictKind>(t.Text, ignoreCase: true), null, t.Span);
                    continue;
                case "reject":
                    c.Next();
                    if (c.PeekIs("with"))
                    {
                        c.Next();
                        while (!c.Done && c.Peek.Kind == NftTokenKind.Word && !c.PeekIs("comment")) c.Next();
                    }
                    verdict = new NftVerdict(NftVerdictKind.Reject, null, t.Span);
                    continue;
                case "jump" or "goto":
                    c.Next();
                    var target = c.Next();
                    if (target.Kind != NftTokenKind.Word) { ok = Fail(target.Span, $"'{t.Text}' needs a chain name"); break; }
                    verdict = new NftVerdict(t.Text == "jump" ? NftVerdictKind.Jump : NftVerdictKind.Goto, target.Text, t.Span);
                    continue;
            }

            var selectors = new List<Selector>();
            var selector = ReadSelector(c);
            if (selector is null) { ok = false; break; }
            selectors.Add(selector);
            while (c.PeekIs("."))
            {
                c.Next();
                var more = ReadSelector(c);
                if (more is null) { ok = false; break; }
                selectors.Add(more);
            }
            if (!ok) break;

            if (c.PeekIs("vmap"))
            {
                c.Next();
                var entries = ImmutableArray.CreateBuilder<NftVmapEntry>();
                foreach (var group in Groups(c))
                {
                    var colon = group.FindIndex(g => g.Is(":"));
                    if (colon < 1 || colon + 1 >= group.Count) { ok = Fail(group[0].Span, "a verdict map entry is 'value : verdict', with spaces around ':'"); break; }
                    var key = Build(selectors, "==", [Value.Of(group[..colon])]);
                    var v = group[colon + 1];
                    NftVerdict? entryVerdict = v.Text switch
                    {
                        "accept" or "drop" or "continue" or "return" or "reject" => new NftVerdict(Enum.Parse<NftVerdictKind>(v.Text, ignoreCase: true), null, v.Span),
                        "jump" or "goto" when colon + 2 < group.Count => new NftVerdict(v.Text == "jump" ? NftVerdictKind.Jump : NftVerdictKind.Goto, group[colon + 2].Text, v.Span),
                        _ => null,
                    };
                    if (key is null || entryVerdict is null) { ok = key is not null && Fail(v.Span, $"{v} is not a verdict netpact reads (accept, drop, reject, jump, goto, return, continue)"); break; }
                    entries.Add(new NftVmapEntry([key], entryVerdict));
                }
                vmap = entries.ToImmutable();
                continue;
            }

            var op = "==";
            if (!c.Done && c.Peek.Kind == NftTokenKind.Word && c.Peek.Text is "==" or "!=" or "<" or ">" or "<=" or ">=" or "eq" or "ne" or "lt" or "gt" or "le" or "ge")
            {
                op = c.Next().Text switch { "eq" => "==", "ne" => "!=", "lt" => "<", "gt" => ">", "le" => "<=", "ge" => ">=", var o => o };
            }
            var values = ReadValues(c);
            if (values is null) { ok = false; break; }
            var match = Build(selectors, op, values);
            if (match is null) { ok = false; break; }
            matches.Add(match);
            if (selectors.Any(s => s.ImpliesFamily)) matches.Add(new NftFamilyMatch(selectors.First(s => s.ImpliesFamily).V6));
        }
        if (!ok) return null;
        if (verdict is { Kind: NftVerdictKind.Jump or NftVerdictKind.Goto } && !vmap.IsEmpty)
        {
            Fail(start, "a rule has either a verdict map or a verdict");
            return null;
        }
        return new NftRule(matches.ToImmutable(), verdict, vmap, comment, start);
    }

    private bool Fail(SourceSpan span, string message)
    {
        Error(span, message + "; the rule is left out of the prediction");
        return false;
    }

    private Selector? ReadSelector(RuleCursor c)
    {
        var t = c.Next();
        var unsupported = $"'{t.Text}' matches are not read: netpact evaluates addresses, protocols, destination ports, ct state and interfaces";
        switch (t.Text)
        {
            case "ip" or "ip6":
                {
                    var v6 = t.Text == "ip6";
                    var field = c.Next();
                    return field.Text switch
                    {
                        "saddr" or "daddr" => new Selector(SelectorKind.Address, t.Span, v6, field.Text == "saddr"),
                        "protocol" when !v6 => new Selector(SelectorKind.Protocol, t.Span, false, ImpliesFamily: true),
                        "nexthdr" when v6 => new Selector(SelectorKind.Protocol, t.Span, true, ImpliesFamily: true),
                        _ => Unsupported(field.Span, $"'{t.Text} {field.Text}' matches are not read: netpact evaluates {t.Text} saddr, daddr and {(v6 ? "nexthdr" : "protocol")}"),
                    };
                }
            case "tcp" or "udp" or "sctp" or "th" or "udplite" or "dccp":
                {
                    var field = c.Next();
                    ImmutableArray<Protocol> protocols = t.Text switch
                    {
                        "tcp" => [Protocol.TCP],
                        "udp" => [Protocol.UDP],
                        "sctp" => [Protocol.SCTP],
                        "th" => [Protocol.TCP, Protocol.UDP, Protocol.SCTP],
                        _ => [],
                    };
                    return field.Text switch
                    {
                        "dport" => new Selector(SelectorKind.Port, t.Span, Protocols: protocols),
                        "sport" => Unsupported(field.Span, $"'{t.Text} sport' is not read: netpact models connections by destination port, and replies pass with 'ct state established,related accept'"),
                        _ => Unsupported(field.Span, $"'{t.Text} {field.Text}' matches are not read: netpact evaluates {t.Text} dport"),
                    };
                }
            case "meta":
                {
                    var field = c.Next();
                    return field.Text switch
                    {
                        "l4proto" => new Selector(SelectorKind.Protocol, t.Span),
                        "nfproto" or "protocol" => new Selector(SelectorKind.Family, t.Span),
                        "iifname" or "oifname" or "iif" or "oif" => new Selector(SelectorKind.Interface, t.Span),
                        _ => Unsupported(field.Span, $"'meta {field.Text}' matches are not read: netpact evaluates meta l4proto, nfproto, iifname and oifname"),
                    };
                }
            case "iifname" or "oifname" or "iif" or "oif":
                return new Selector(SelectorKind.Interface, t.Span);
            case "ct":
                {
                    var field = c.Next();
                    return field.Text == "state" ? new Selector(SelectorKind.CtState, t.Span) : Unsupported(field.Span, $"'ct {field.Text}' matches are not read: netpact evaluates ct state");
                }
            case "icmp" or "icmpv6":
                {
                    // Matches ICMP only: never a TCP, UDP or SCTP connection.
                    c.Next();
                    return new Selector(SelectorKind.Protocol, t.Span, t.Text == "icmpv6", Protocols: [], ImpliesFamily: true);
                }
            default:
                return Unsupported(t.Span, unsupported);
        }
    }

    private Selector? Unsupported(SourceSpan span, string message)
    {
        Fail(span, message);
        return null;
    }

    private NftMatch? NoMatch(SourceSpan span, string message)
    {
        Fail(span, message);
        return null;
    }

    /// <summary>A value as written: one word, a concatenation 'a . b', or a set reference '@name'.</summary>
    private sealed record Value(ImmutableArray<NftToken> Parts)
    {
        public static Value Of(IEnumerable<NftToken> tokens) => new([.. tokens.Where(t => !t.Is("."))]);

        public NftToken First => Parts[0];
    }

    /// <summary>'{ a, b . c, ... }', '@set', or words separated by commas.</summary>
    private List<Value>? ReadValues(RuleCursor c)
    {
        if (c.Done) { Fail(c.Peek.Span, "a match needs a value"); return null; }
        if (c.Peek.Kind == NftTokenKind.Open) return [.. Groups(c).Select(Value.Of)];
        var values = new List<Value>();
        while (true)
        {
            var first = c.Next();
            if (first.Kind != NftTokenKind.Word && first.Kind != NftTokenKind.String) { Fail(first.Span, $"a match needs a value, found {first}"); return null; }
            var parts = new List<NftToken> { first };
            while (c.PeekIs(".")) { c.Next(); parts.Add(c.Next()); }
            values.Add(new Value([.. parts]));
            if (c.Peek.Kind != NftTokenKind.Comma || c.Done) return values;
            c.Next();
        }
    }

    /// <summary>The comma-separated token groups of a '{ ... }'.</summary>
    private static List<List<NftToken>> Groups(RuleCursor c)
    {
        var groups = new List<List<NftToken>>();
        if (c.Peek.Kind != NftTokenKind.Open) return groups;
        c.Next();
        var current = new List<NftToken>();
        while (!c.Done && c.Peek.Kind != NftTokenKind.Close)
        {
            var t = c.Next();
            if (t.Kind == NftTokenKind.Comma) { if (current.Count > 0) groups.Add(current); current = []; continue; }
            if (t.Kind == NftTokenKind.End) continue;
            current.Add(t);
        }
        if (current.Count > 0) groups.Add(current);
        if (!c.Done) c.Next();
        return groups;
    }

    private NftMatch? Build(List<Selector> selectors, string op, List<Value> values)
    {
        var negated = op == "!=";
        if (selectors.Count > 1)
        {
            // Only 'protocol . port' concatenations: meta l4proto . th dport { tcp . 53, udp . 53 }.
            if (selectors.Count != 2 || selectors[0].Kind != SelectorKind.Protocol || selectors[1].Kind != SelectorKind.Port || op is not ("==" or "!="))
                return NoMatch(selectors[0].Span, "only 'meta l4proto . th dport' concatenations are read");
            var allowed = ConnectionSet.Empty;
            foreach (var v in values)
            {
                if (v.Parts.Length != 2) return NoMatch(v.First.Span, $"{v.First} needs two parts here: protocol . port");
                if (Protocols(v.Parts[0]) is not { } protocols || Ports(v.Parts[1]) is not { } ports) return null;
                foreach (var p in ConnectionSet.Protocols.Where(p => !protocols[p].IsEmpty && selectors[1].Protocols.Contains(p)))
                    allowed = allowed.Union(ConnectionSet.Of(p, ports));
            }
            var within = selectors[1].Protocols.Aggregate(ConnectionSet.Empty, (acc, p) => acc.Union(ConnectionSet.Of(p, PortSet.All)));
            return new NftTransportMatch(negated ? within.Subtract(allowed) : allowed);
        }

        var s = selectors[0];
        if (op is "<" or ">" or "<=" or ">=" && s.Kind != SelectorKind.Port) return NoMatch(s.Span, $"'{op}' compares ports only");
        var set = values.Count == 1 && values[0].First.Text.StartsWith('@') ? values[0].First.Text[1..] : null;
        if (set is not null && s.Kind is not (SelectorKind.Address or SelectorKind.Port or SelectorKind.Protocol))
            return NoMatch(values[0].First.Span, "named sets are read for addresses, ports and protocols");
        switch (s.Kind)
        {
            case SelectorKind.Address:
                {
                    var ranges = ImmutableArray.CreateBuilder<IpRange>();
                    var sets = ImmutableArray.CreateBuilder<string>();
                    foreach (var v in values)
                    {
                        if (v.First.Text.StartsWith('@')) { sets.Add(v.First.Text[1..]); continue; }
                        if (Address(v.First) is not { } r) return null;
                        if (r.IsV6 != s.V6) return NoMatch(v.First.Span, $"{v.First} is an {(r.IsV6 ? "IPv6" : "IPv4")} address, matched with '{(s.V6 ? "ip6" : "ip")}'");
                        ranges.Add(r);
                    }
                    return new NftAddressMatch(s.V6, s.Source, negated, ranges.ToImmutable(), sets.ToImmutable());
                }
            case SelectorKind.Protocol:
                {
                    if (s.Protocols is { IsDefault: false, IsEmpty: true }) return new NftTransportMatch(ConnectionSet.Empty); // icmp ...
                    if (set is not null) return new NftTransportSetMatch(set, [], negated);
                    var allowed = ConnectionSet.Empty;
                    foreach (var v in values)
                    {
                        if (Protocols(v.First) is not { } p) return null;
                        allowed = allowed.Union(p);
                    }
                    return new NftTransportMatch(negated ? ConnectionSet.All.Subtract(allowed) : allowed);
                }
            case SelectorKind.Port:
                {
                    if (set is not null) return new NftTransportSetMatch(set, s.Protocols, negated);
                    PortSet ports;
                    if (op is "<" or "<=" or ">" or ">=")
                    {
                        if (values.Count != 1 || !int.TryParse(values[0].First.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > PortSet.MaxPort)
                            return NoMatch(values[0].First.Span, $"'{op}' compares with one port number");
                        var (lo, hi) = op switch { "<" => (PortSet.MinPort, n - 1), "<=" => (PortSet.MinPort, n), ">" => (n + 1, PortSet.MaxPort), _ => (Math.Max(n, PortSet.MinPort), PortSet.MaxPort) };
                        ports = lo <= hi ? PortSet.Range(lo, hi) : PortSet.Empty;
                    }
                    else
                    {
                        ports = PortSet.Empty;
                        foreach (var v in values)
                        {
                            if (Ports(v.First) is not { } p) return null;
                            ports = ports.Union(p);
                        }
                        if (negated) ports = ports.Complement();
                    }
                    return new NftTransportMatch(s.Protocols.Aggregate(ConnectionSet.Empty, (acc, p) => acc.Union(ConnectionSet.Of(p, ports))));
                }
            case SelectorKind.CtState:
                {
                    var states = values.Select(v => v.First.Text).ToList();
                    var unknown = states.FirstOrDefault(x => x is not ("new" or "established" or "related" or "invalid" or "untracked"));
                    if (unknown is not null) return NoMatch(values[0].First.Span, $"'{unknown}' is not a connection state (new, established, related, invalid, untracked)");
                    // Every connection between hosts starts as a new packet: it matches only a state set with 'new'.
                    return new NftConstMatch(states.Contains("new") != negated);
                }
            case SelectorKind.Interface:
                {
                    // A host's own traffic goes over lo; traffic between hosts over its network interface, whatever its name.
                    var names = values.Select(v => v.First.Text).ToList();
                    return new NftConstMatch(negated ? names.All(n => n == "lo") : names.Any(n => n != "lo"));
                }
            case SelectorKind.Family:
                {
                    var families = values.Select(v => v.First.Text).ToList();
                    if (families.Any(f => f is not ("ipv4" or "ipv6" or "ip" or "ip6"))) return NoMatch(values[0].First.Span, "a family is ipv4 or ipv6");
                    var v4 = families.Any(f => f is "ipv4" or "ip") != negated;
                    var v6 = families.Any(f => f is "ipv6" or "ip6") != negated;
                    return v4 && v6 ? new NftConstMatch(true) : !v4 && !v6 ? new NftConstMatch(false) : new NftFamilyMatch(v6);
                }
        }
        return null;
    }

    // ---- values ----

    private IpRange? Address(NftToken t)
    {
        var text = t.Text;
        if (Undefined(t)) return null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && !text.Contains('/', StringComparison.Ordinal))
        {
            var lo = Single(text[..dash]);
            var hi = Single(text[(dash + 1)..]);
            if (lo is null || hi is null || lo.IsV6 != hi.IsV6 || lo.First > hi.First) { Error(t.Span, $"{t} is not an address range: write first-last, e.g. 10.0.0.1-10.0.0.9"); return null; }
            return new IpRange(lo.IsV6, lo.First, hi.Last);
        }
        var cidr = text.Contains('/', StringComparison.Ordinal) ? Cidr.TryParse(text, out _, out var hostBits) : Single(text);
        if (cidr is null) { Error(t.Span, $"{t} is not an IPv4 or IPv6 address, prefix or range (netpact reads addresses, not host names)"); return null; }
        return new IpRange(cidr.IsV6, cidr.First, cidr.Last);

        static Cidr? Single(string a) => Cidr.TryParse(a + (a.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), out _, out _);
    }

    private static readonly Dictionary<string, int> Services = new(StringComparer.Ordinal)
    {
        ["ftp"] = 21, ["ssh"] = 22, ["telnet"] = 23, ["smtp"] = 25, ["domain"] = 53, ["http"] = 80, ["pop3"] = 110, ["ntp"] = 123,
        ["imap"] = 143, ["snmp"] = 161, ["ldap"] = 389, ["https"] = 443, ["submission"] = 587, ["ldaps"] = 636, ["imaps"] = 993,
        ["pop3s"] = 995, ["mysql"] = 3306, ["postgresql"] = 5432, ["http-alt"] = 8080,
    };

    private PortSet? Ports(NftToken t)
    {
        var text = t.Text;
        if (Undefined(t)) return null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && Port(text[..dash]) is { } lo && Port(text[(dash + 1)..]) is { } hi && lo <= hi)
            return Clamp(lo, hi);
        if (Port(text) is { } p) return Clamp(p, p);
        Error(t.Span, $"{t} is not a port, port range or known service name; write the number, e.g. 443 or 8000-8100");
        return null;

        int? Port(string s) =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= PortSet.MaxPort ? n
            : Services.TryGetValue(s, out var known) ? known : null;

        static PortSet Clamp(int lo, int hi) => hi < PortSet.MinPort ? PortSet.Empty : PortSet.Range(Math.Max(lo, PortSet.MinPort), hi);
    }

    /// <summary>An undefined '$name', already reported.</summary>
    private static bool Undefined(NftToken t) => t.Kind == NftTokenKind.Word && t.Text.StartsWith('$');

    private ConnectionSet? Protocols(NftToken t)
    {
        if (Undefined(t)) return null;
        var protocol = t.Text switch
        {
            "tcp" or "6" => Protocol.TCP,
            "udp" or "17" => Protocol.UDP,
            "sctp" or "132" => Protocol.SCTP,
            _ => (Protocol?)null,
        };
        if (protocol is { } p) return ConnectionSet.Of(p, PortSet.All);
        // Other protocols carry no TCP, UDP or SCTP connection.
        if (t.Text is "icmp" or "icmpv6" or "ipv6-icmp" or "udplite" or "dccp" or "gre" or "esp" or "ah" or "igmp"
            || int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 255)
            return ConnectionSet.Empty;
        Error(t.Span, $"{t} is not a protocol (tcp, udp, sctp, icmp, ... or a number)");
        return null;
    }
}
