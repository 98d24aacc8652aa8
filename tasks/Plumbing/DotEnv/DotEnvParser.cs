using System.Text;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Plumbing.DotEnv;

/// <summary>
/// Parses a docker compose <c>.env</c> file with the rules of compose v2 (compose-go's dotenv
/// package), so this tool and <c>docker compose</c> read the same values from the same file:
/// <list type="bullet">
/// <item>blank lines and lines starting with '#' are skipped; "export " before a key is ignored;</item>
/// <item><c>KEY=value</c> or <c>KEY: value</c>, blanks around the key and separator ignored; a key
/// holds letters, digits, '_', '.', '-', '[' and ']';</item>
/// <item>unquoted values run to the end of the line, are trimmed, lose a " #" comment (a '#' not
/// after a space is kept) and are interpolated;</item>
/// <item>single-quoted values are literal except that \' is a quote; double-quoted values expand
/// backslash escapes (<see cref="DotEnvEscapes"/>) and are interpolated; both may span lines;</item>
/// <item>a line <c>KEY</c> alone takes KEY from <c>lookup</c>, and is skipped when lookup has none.</item>
/// </list>
/// Interpolation (<see cref="ComposeInterpolation"/>) asks <c>lookup</c> (the environment) first,
/// then the keys set earlier in the file: compose gives the environment precedence the same way.
/// Where compose silently misreads a mistake this parser refuses it: text after a closing quote
/// (compose would read it as the next key), an empty key, a blank inside a key, and <c>${NAME[...]}</c>
/// (compose's named mappings, unused in .env files).
/// </summary>
public sealed class DotEnvParser
{
    private const string KeyCharacters = "letters, digits, '_', '.', '-', '[' and ']'";

    private readonly string _text;
    private readonly string _path;
    private readonly Func<string, string?> _lookup;
    private readonly List<DotEnvEntry> _entries = [];
    private readonly List<DotEnvStatement> _statements = [];
    private readonly Dictionary<string, int> _indexByKey = new(StringComparer.Ordinal);
    private int _position;
    private int _line = 1;

    private DotEnvParser(string text, string path, Func<string, string?> lookup)
    {
        _text = text;
        _path = path;
        _lookup = lookup;
    }

    /// <param name="text">The file's content; a leading byte order mark is ignored.</param>
    /// <param name="path">The file's path, for error messages.</param>
    /// <param name="lookup">Variables from outside the file (usually the environment), null when unset.</param>
    /// <exception cref="DotEnvException">A line compose would refuse or misread.</exception>
    public static DotEnvFile Parse(string text, string path, Func<string, string?>? lookup = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var parser = new DotEnvParser(text.StartsWith('\uFEFF') ? text[1..] : text, path, lookup ?? (_ => null));
        while (parser.SkipBlankLinesAndComments())
        {
            parser.ReadStatement();
        }

        return new DotEnvFile(path, parser._entries, parser._statements);
    }

    /// <summary>Moves to the next statement, counting lines; false at the end of the text.</summary>
    private bool SkipBlankLinesAndComments()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '#')
            {
                var lineEnd = _text.IndexOf('\n', _position);
                _position = lineEnd < 0 ? _text.Length : lineEnd;
            }
            else if (char.IsWhiteSpace(c))
            {
                _line += c == '\n' ? 1 : 0;
                _position++;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private void ReadStatement()
    {
        var line = _line;
        SkipExportPrefix();
        var key = ReadKey(line);
        if (AtLineEnd())
        {
            Inherit(key, line);
            _statements.Add(new DotEnvStatement(key, line, _line));
            return;
        }

        if (key.Length == 0)
        {
            throw Error(line, "missing variable name before the '='; write NAME=value");
        }

        _position++; // the '=' or ':'
        SkipInlineSpace();
        var value = _position < _text.Length && _text[_position] is '"' or '\''
            ? ReadQuoted(key, line)
            : ReadUnquoted(key, line);
        Set(key, value, line);
        _statements.Add(new DotEnvStatement(key, line, _line));
    }

    private void SkipExportPrefix()
    {
        const string export = "export";
        if (string.CompareOrdinal(_text, _position, export, 0, export.Length) == 0
            && _position + export.Length < _text.Length
            && IsInlineSpace(_text[_position + export.Length]))
        {
            _position += export.Length;
            SkipInlineSpace();
        }
    }

    /// <summary>Reads up to the '=', ':' or end of line that ends the key.</summary>
    private string ReadKey(int line)
    {
        var start = _position;
        while (_position < _text.Length && _text[_position] is not ('=' or ':' or '\n'))
        {
            Rune.DecodeFromUtf16(_text.AsSpan(_position), out var rune, out var length);
            if (!IsInlineSpace(_text[_position]) && !IsKeyRune(rune))
            {
                throw Error(line, $"unexpected character at column {Column(_position)} of a variable name; a name holds only {KeyCharacters}");
            }

            _position += length;
        }

        var key = _text[start.._position].TrimEnd();
        if (key.Any(IsInlineSpace))
        {
            throw Error(line, "a variable name cannot contain blanks; write NAME=value");
        }

        return key;
    }

    private void Inherit(string key, int line)
    {
        if (key.Length > 0 && _lookup(key) is { } value)
        {
            Set(key, value, line);
        }
    }

    private string ReadUnquoted(string key, int line)
    {
        var lineEnd = _text.IndexOf('\n', _position);
        if (lineEnd < 0)
        {
            lineEnd = _text.Length;
        }

        var raw = _text[_position..lineEnd];
        _position = lineEnd;
        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        if (comment >= 0)
        {
            raw = raw[..comment];
        }

        return Interpolate(raw.TrimEnd(), key, line);
    }

    /// <summary>
    /// Reads to the matching quote. A backslash before the quote character drops and keeps the
    /// quote; any other backslash stays for <see cref="DotEnvEscapes"/> (double quotes) or as
    /// written (single quotes).
    /// </summary>
    private string ReadQuoted(string key, int line)
    {
        var quote = _text[_position++];
        var raw = new StringBuilder();
        var escaped = false;
        for (; _position < _text.Length; _position++)
        {
            var c = _text[_position];
            _line += c == '\n' ? 1 : 0;
            if (escaped)
            {
                escaped = false;
                raw.Append(c == quote ? "" : "\\").Append(c);
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c == quote)
            {
                _position++;
                RequireNothingAfterClosingQuote(key);
                return quote == '"' ? Interpolate(DotEnvEscapes.Expand(raw.ToString()), key, line) : raw.ToString();
            }
            else
            {
                raw.Append(c);
            }
        }

        throw Error(line, $"the value of {key} has no closing {quote}; add it (a quoted value may span lines, but must end with its quote)");
    }

    private void RequireNothingAfterClosingQuote(string key)
    {
        SkipInlineSpace();
        if (!AtLineEnd() && _text[_position] != '#')
        {
            throw Error(_line, $"unexpected text after the closing quote of {key}; put the whole value inside the quotes, or start a comment with '#'");
        }
    }

    private string Interpolate(string raw, string key, int line)
    {
        try
        {
            return ComposeInterpolation.Expand(raw, Resolve);
        }
        catch (FormatException e)
        {
            throw Error(line, $"{key}: {e.Message}");
        }
    }

    private string? Resolve(string name) =>
        _lookup(name) ?? (_indexByKey.TryGetValue(name, out var index) ? _entries[index].Value : null);

    private void Set(string key, string value, int line)
    {
        var entry = new DotEnvEntry(key, value, line);
        if (_indexByKey.TryGetValue(key, out var index))
        {
            _entries[index] = entry;
            return;
        }

        _indexByKey[key] = _entries.Count;
        _entries.Add(entry);
    }

    private bool AtLineEnd() => _position >= _text.Length || _text[_position] == '\n';

    private void SkipInlineSpace()
    {
        while (_position < _text.Length && IsInlineSpace(_text[_position]))
        {
            _position++;
        }
    }

    private int Column(int position) =>
        position - (position == 0 ? 0 : _text.LastIndexOf('\n', position - 1) + 1) + 1;

    private DotEnvException Error(int line, string problem) => new(_path, line, problem);

    // Compose's blanks inside a line: every Unicode space except the line break.
    private static bool IsInlineSpace(char c) => c is ' ' or '\t' or '\v' or '\f' or '\r' or '\u0085' or '\u00A0';

    private static bool IsKeyRune(Rune rune) =>
        Rune.IsLetter(rune) || Rune.IsNumber(rune) || rune.Value is '_' or '.' or '-' or '[' or ']';
}
