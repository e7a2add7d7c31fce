using Netpact.Model;

namespace Netpact.Sources.Nftables;

internal enum NftTokenKind { Word, String, Open, Close, Comma, End }

/// <summary>A token of an nftables file. End marks the end of a statement (a newline or ';').</summary>
internal sealed record NftToken(NftTokenKind Kind, string Text, SourceSpan Span)
{
    public bool Is(string word) => Kind == NftTokenKind.Word && Text == word;

    public override string ToString() => Kind switch
    {
        NftTokenKind.End => "end of statement",
        NftTokenKind.String => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits nftables text (the format of 'nft -f' and 'nft list ruleset') into tokens: words, quoted strings,
/// braces, commas and statement ends. Comments ('#' to the end of the line) and escaped newlines are dropped.
/// </summary>
internal static class NftLexer
{
    public static List<NftToken> Tokenize(string text, string file, List<Diagnostic> diagnostics)
    {
        var tokens = new List<NftToken>();
        int line = 1, column = 1, i = 0;
        void Advance()
        {
            if (text[i] == '\n') { line++; column = 1; } else column++;
            i++;
        }
        while (i < text.Length)
        {
            var c = text[i];
            var at = new SourceSpan(file, line, column);
            if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n')))
            {
                while (text[i] != '\n') Advance();
                Advance();
                continue;
            }
            if (c is '\n' or ';')
            {
                tokens.Add(new NftToken(NftTokenKind.End, c.ToString(), at));
                Advance();
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                Advance();
                continue;
            }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n') Advance();
                continue;
            }
            if (c is '{' or '}' or ',')
            {
                tokens.Add(new NftToken(c == '{' ? NftTokenKind.Open : c == '}' ? NftTokenKind.Close : NftTokenKind.Comma, c.ToString(), at));
                Advance();
                continue;
            }
            if (c == '"')
            {
                Advance();
                var start = i;
                while (i < text.Length && text[i] != '"' && text[i] != '\n') Advance();
                if (i >= text.Length || text[i] != '"')
                {
                    diagnostics.Add(Diagnostic.Error(at, "syntax error: this '\"' is never closed; end the string with '\"' on the same line"));
                    tokens.Add(new NftToken(NftTokenKind.String, text[start..i], at));
                    continue;
                }
                tokens.Add(new NftToken(NftTokenKind.String, text[start..i], at));
                Advance();
                continue;
            }
            var begin = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('{' or '}' or ',' or ';' or '"' or '#')) Advance();
            var word = text[begin..i];
            // '!=' written against its value ('!=@set', '!=22') is two tokens.
            if (word.Length > 2 && word.StartsWith("!=", StringComparison.Ordinal))
            {
                tokens.Add(new NftToken(NftTokenKind.Word, "!=", at));
                tokens.Add(new NftToken(NftTokenKind.Word, word[2..], at with { Column = at.Column + 2 }));
                continue;
            }
            tokens.Add(new NftToken(NftTokenKind.Word, word, at));
        }
        tokens.Add(new NftToken(NftTokenKind.End, "", new SourceSpan(file, line, column)));
        return tokens;
    }
}
