using System.CommandLine;
using System.CommandLine.Parsing;

namespace Netpact.Cli;

/// <summary>
/// System.CommandLine's parse errors in the user's words: an enum choice as typed with the choices in lower case
/// instead of the .NET type's name, and "did you mean" for a mistyped verb or option.
/// </summary>
internal static class ParseErrors
{
    public static IEnumerable<string> Describe(ParseResult parse)
    {
        var unmatched = parse.UnmatchedTokens;
        var lines = new List<string>();
        foreach (var error in parse.Errors)
        {
            // A mistyped verb also leaves the root without its command: the unknown word is the error to show.
            if (unmatched.Count > 0 && parse.CommandResult.Command.Subcommands.Count > 0 && error.SymbolResult is CommandResult
                && !unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
            // After a mistyped verb the words that follow are not errors of their own.
            if (unmatched.Count > 1 && parse.CommandResult.Command.Subcommands.Count > 0
                && unmatched.Skip(1).Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal))
                && !error.Message.Contains($"'{unmatched[0]}'", StringComparison.Ordinal)) continue;
            var line = EnumChoice(error) ?? Unrecognized(error, parse) ?? error.Message;
            if (!lines.Contains(line)) lines.Add(line);
        }
        return lines;
    }

    /// <summary>
    /// An unknown option that System.CommandLine handed to a verb's PATH arguments, with the option it most resembles;
    /// null when every argument is a path.
    /// </summary>
    public static string? UnknownOption(ParseResult parse)
    {
        var token = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value)
            .FirstOrDefault(v => v.Length > 1 && v[0] == '-' && (char.IsLetter(v[1]) || v[1] == '-'));
        if (token is null) return null;
        var best = Closest(token, OptionNames(parse));
        var line = $"unknown option '{token}' of netpact {VerbPath(parse.CommandResult)} (a file whose name starts with '-' can be given as ./{token})";
        return best is null ? line : $"{line}; did you mean '{best}'?";
    }

    private static IEnumerable<string> OptionNames(ParseResult parse) =>
        parse.CommandResult.Command.Options.Where(o => !o.Hidden)
            .Concat(Ancestors(parse.CommandResult).SelectMany(c => c.Options.Where(o => o.Recursive && !o.Hidden)))
            .SelectMany(o => o.Aliases.Prepend(o.Name));

    private static string? Closest(string token, IEnumerable<string> candidates)
    {
        var (bare, _, _) = token.Partition('=');
        return candidates.Where(c => c.Length > 2 || !token.StartsWith("--", StringComparison.Ordinal))
            .Select(c => (Name: c, Distance: Distance(bare, c))).Where(x => x.Distance <= Math.Max(1, x.Name.Length / 3))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal).Select(x => x.Name).FirstOrDefault();
    }

    /// <summary>"--format: 'yaml' is not a format of analyze; choose txt, json, csv, md, dot or summary".</summary>
    private static string? EnumChoice(ParseError error) => error.SymbolResult is OptionResult result ? EnumChoice(result) : null;

    /// <summary>
    /// An enum option given a number or anything else that names none of its choices, which .NET's enum parsing lets
    /// through as a number ("-f 7"); null when every enum option names a choice.
    /// </summary>
    public static string? UndefinedChoice(ParseResult parse) =>
        parse.CommandResult.Children.OfType<OptionResult>().Select(EnumChoice).FirstOrDefault(m => m is not null);

    private static string? EnumChoice(OptionResult result)
    {
        var option = result.Option;
        var type = option.ValueType;
        type = type.IsArray ? type.GetElementType()! : Nullable.GetUnderlyingType(type) ?? type;
        if (!type.IsEnum) return null;
        var names = Enum.GetNames(type).Select(n => n.ToLowerInvariant()).ToList();
        var typed = result.Tokens.Select(t => t.Value).FirstOrDefault(v => !names.Contains(v.ToLowerInvariant()));
        if (typed is null) return null;
        var verb = result.Parent is CommandResult c ? VerbPath(c) : "netpact";
        var what = option.Name == "--format" ? $"a format of {verb}" : $"a choice of {option.Name}";
        var line = $"{option.Name}: '{typed}' is not {what}; choose {Choices(names)}";
        return Closest(typed, names) is { } best ? $"{line} (did you mean '{best}'?)" : line;
    }

    /// <summary>An unknown word, with the verb or option it most resembles.</summary>
    private static string? Unrecognized(ParseError error, ParseResult parse)
    {
        var token = parse.UnmatchedTokens.FirstOrDefault(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal));
        if (token is null) return null;
        var command = parse.CommandResult.Command;
        var best = Closest(token, token.StartsWith('-') ? OptionNames(parse) : command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name));
        var kind = token.StartsWith('-') ? "option" : command.Subcommands.Count > 0 ? "verb" : "argument";
        var where = command.Name == "netpact" ? "netpact" : $"netpact {VerbPath(parse.CommandResult)}";
        var line = $"'{token}' is not {(kind == "argument" ? "an argument" : "a" + (kind == "option" ? "n" : "") + " " + kind)} of {where}";
        return best is null ? line : $"{line}; did you mean '{best}'?";
    }

    /// <summary>The verb as typed after netpact: "analyze", "lab run".</summary>
    internal static string VerbPath(CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as CommandResult) names.Insert(0, r.Command.Name);
        return names.Count > 1 ? string.Join(' ', names.Skip(1)) : names[0];
    }

    private static IEnumerable<Command> Ancestors(CommandResult result)
    {
        for (var r = result.Parent as CommandResult; r is not null; r = r.Parent as CommandResult) yield return r.Command;
    }

    private static (string, bool, string) Partition(this string s, char c)
    {
        var i = s.IndexOf(c);
        return i < 0 ? (s, false, "") : (s[..i], true, s[(i + 1)..]);
    }

    internal static string Choices(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    /// <summary>Levenshtein distance, with a swap of two neighbours counting one (Damerau's restricted form).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
