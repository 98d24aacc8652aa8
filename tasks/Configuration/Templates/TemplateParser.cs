using System.Text;

namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>
/// Parses a template body the way dash parses the body of a here-document with an unquoted
/// delimiter, so templates written for the old <c>eval "cat &lt;&lt;EOF ..."</c> script mean
/// exactly the same thing. Anything that would have run a command, or that we do not
/// reproduce, becomes an error instead of being guessed at.
/// </summary>
internal sealed class TemplateParser
{
    private const string SpecialParameters = "@*#?-$!0123456789";

    private readonly string _text;
    private readonly string _path;
    private readonly int[] _lineStarts;
    private readonly List<TemplateDiagnostic> _errors = [];
    private int _pos;

    private TemplateParser(string text, string path)
    {
        _text = text;
        _path = path;
        _lineStarts = [0, .. text.Select((c, i) => (c, i)).Where(x => x.c == '\n').Select(x => x.i + 1)];
    }

    /// <summary>Parses <paramref name="body"/> (already stripped of trailing newlines).</summary>
    public static (IReadOnlyList<TemplateNode> Nodes, IReadOnlyList<TemplateDiagnostic> Errors) Parse(string body, string path)
    {
        var parser = new TemplateParser(body, path);
        var nodes = parser.ParseSequence(inWord: false, wordStart: 0);
        return (nodes, parser._errors);
    }

    public (int Line, int Column) Locate(int position)
    {
        var index = Array.BinarySearch(_lineStarts, position);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, position - _lineStarts[line] + 1);
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _text[_pos];

    /// <summary>
    /// Backslash-newline is a line continuation that dash removes before anything else looks at
    /// the characters, even in the middle of a name (<c>$A\⏎B</c> is <c>$AB</c>).
    /// </summary>
    private void SkipContinuations()
    {
        while (_pos + 1 < _text.Length && _text[_pos] == '\\' && _text[_pos + 1] == '\n')
        {
            _pos += 2;
        }
    }

    /// <summary>
    /// Reads literal text and expansions until the end of the body or, inside the word of
    /// <c>${NAME op word}</c>, until the closing brace. In a word (only there) double quotes
    /// group text and are removed, and a backslash also escapes <c>"</c> and <c>}</c>.
    /// </summary>
    private List<TemplateNode> ParseSequence(bool inWord, int wordStart)
    {
        var nodes = new List<TemplateNode>();
        var literal = new StringBuilder();
        var inQuotes = false;

        void Flush()
        {
            if (literal.Length > 0)
            {
                nodes.Add(new LiteralNode(literal.ToString()));
                literal.Clear();
            }
        }

        while (true)
        {
            SkipContinuations();
            if (AtEnd)
            {
                if (inWord)
                {
                    Error(wordStart, "'${' has no closing '}'; close it, or write '\\$' for a literal dollar sign");
                }

                break;
            }

            var c = Current;
            if (c == '\\')
            {
                if (_pos + 1 >= _text.Length)
                {
                    Error(_pos, "the file ends with a backslash, which the old script joined with the end of the here-document; remove it or write '\\\\'");
                    _pos++;
                    continue;
                }

                var next = _text[_pos + 1];
                var escapable = next is '$' or '`' or '\\' || (inWord && next is '"' or '}');
                literal.Append(escapable ? next : '\\');
                _pos += escapable ? 2 : 1;
            }
            else if (c == '`')
            {
                Error(_pos, "backquote command substitution is never executed; write '\\`' for a literal backquote");
                literal.Append(c);
                _pos++;
            }
            else if (c == '$')
            {
                var start = _pos;
                var node = ParseDollar();
                if (node is null)
                {
                    // Not an expansion (or a refused one): the dollar sign is plain text.
                    literal.Append('$');
                    _pos = start + 1;
                }
                else
                {
                    Flush();
                    nodes.Add(node);
                }
            }
            else if (inWord && c == '"')
            {
                inQuotes = !inQuotes;
                _pos++;
            }
            else if (inWord && !inQuotes && c == '}')
            {
                _pos++;
                break;
            }
            else
            {
                literal.Append(c);
                _pos++;
            }
        }

        Flush();
        return nodes;
    }

    /// <summary>Parses the expansion starting at the '$' under the cursor; null when it is literal text or refused.</summary>
    private ParameterNode? ParseDollar()
    {
        var dollar = _pos;
        _pos++;
        SkipContinuations();
        if (AtEnd)
        {
            return null;
        }

        var c = Current;
        if (c == '{')
        {
            _pos++;
            return ParseBraced(dollar);
        }

        if (c == '(')
        {
            _pos++;
            SkipContinuations();
            var arithmetic = !AtEnd && Current == '(';
            Error(dollar, arithmetic
                ? "arithmetic expansion '$((' is not supported; write '\\$' for a literal dollar sign"
                : "command substitution '$(' is never executed; write '\\$' for a literal dollar sign");
            return null;
        }

        if (IsNameStart(c))
        {
            return new ParameterNode(ReadName(), ParameterOperator.Value, false, [], LineOf(dollar), ColumnOf(dollar));
        }

        if (SpecialParameters.Contains(c))
        {
            Error(dollar, $"'${c}' is a shell special parameter (the old script rendered it as a script argument, a process id or empty); write '\\${c}' for the literal text");
        }

        return null;
    }

    private ParameterNode? ParseBraced(int dollar)
    {
        SkipContinuations();
        if (AtEnd)
        {
            Error(dollar, "'${' has no closing '}'; close it, or write '\\$' for a literal dollar sign");
            return null;
        }

        if (!IsNameStart(Current))
        {
            Error(dollar, Current switch
            {
                '#' => "'${#...}' (length or argument count) is not supported; write '\\$' for a literal dollar sign",
                _ when SpecialParameters.Contains(Current) =>
                    $"'${{{Current}...' is a shell special parameter; write '\\$' for a literal dollar sign",
                _ => "bad substitution: '${' must be followed by a variable name; write '\\$' for a literal dollar sign",
            });
            return null;
        }

        var name = ReadName();
        SkipContinuations();
        if (AtEnd)
        {
            Error(dollar, "'${' has no closing '}'; close it, or write '\\$' for a literal dollar sign");
            return null;
        }

        var testsEmpty = Current == ':';
        if (testsEmpty)
        {
            _pos++;
            SkipContinuations();
        }

        ParameterOperator? op = AtEnd ? null : Current switch
        {
            '}' when !testsEmpty => ParameterOperator.Value,
            '-' => ParameterOperator.UseDefault,
            '=' => ParameterOperator.AssignDefault,
            '?' => ParameterOperator.ErrorIfUnset,
            '+' => ParameterOperator.UseAlternative,
            _ => null,
        };
        if (op is null)
        {
            Error(dollar, AtEnd || (!testsEmpty && Current is not ('%' or '#'))
                ? $"bad substitution in '${{{name}': supported forms are ${{NAME}}, ${{NAME:-word}}, ${{NAME:=word}}, ${{NAME:?message}}, ${{NAME:+word}} (also without ':')"
                : $"'${{{name}{(testsEmpty ? ":" : string.Empty)}{Current}...}}' is not supported: supported forms are ${{NAME}}, ${{NAME:-word}}, ${{NAME:=word}}, ${{NAME:?message}}, ${{NAME:+word}} (also without ':')");
            return null;
        }

        _pos++;
        var word = op == ParameterOperator.Value ? [] : ParseSequence(inWord: true, wordStart: dollar);
        return new ParameterNode(name, op.Value, testsEmpty, word, LineOf(dollar), ColumnOf(dollar));
    }

    private string ReadName()
    {
        var name = new StringBuilder();
        while (true)
        {
            SkipContinuations();
            if (AtEnd || !IsNameChar(Current))
            {
                return name.ToString();
            }

            name.Append(Current);
            _pos++;
        }
    }

    private static bool IsNameStart(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';

    private static bool IsNameChar(char c) => IsNameStart(c) || c is >= '0' and <= '9';

    private int LineOf(int position) => Locate(position).Line;

    private int ColumnOf(int position) => Locate(position).Column;

    private void Error(int position, string message)
    {
        var (line, column) = Locate(position);
        _errors.Add(new TemplateDiagnostic(_path, line, column, message));
    }
}
