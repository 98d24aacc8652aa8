using System.Text;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// Docker compose's variable interpolation, parsed in one place for the <c>.env</c> values, the
/// compose file's volume devices and the check for undefined variables: <c>$$</c>, <c>$NAME</c>,
/// <c>${NAME}</c> and <c>${NAME</c> followed by <c>:-</c>, <c>-</c>, <c>:+</c>, <c>+</c>,
/// <c>:?</c> or <c>?</c> and an argument that is itself interpolated. Errors are
/// <see cref="FormatException"/>s whose messages never hold a value.
/// </summary>
public static class ComposeInterpolation
{
    public const string InvalidSyntax =
        "invalid interpolation: \"${\" must be followed by a name and \"}\", as in ${NAME}, ${NAME:-default} or ${NAME:?error}; write $$ for a literal $";

    /// <summary>
    /// The text with every reference replaced as compose does: an unset variable without an operator
    /// becomes empty; a <c>?</c> operator on an unset one, or bad syntax, throws. An argument is
    /// interpolated even when unused, as compose does, so its errors always count.
    /// </summary>
    public static string Expand(string text, Func<string, string?> resolve) =>
        Evaluate(Parse(text, strict: true), resolve, RequireValue, expandUnusedArguments: true);

    /// <summary>
    /// The names <paramref name="text"/> uses without a fallback that <paramref name="isDefined"/>
    /// rejects, in order. Unlike <see cref="Expand"/>, a default's own references count only where
    /// the default is used (the variable before it undefined), and bad syntax is left to compose.
    /// </summary>
    public static IReadOnlyList<string> Undefined(string text, Func<string, bool> isDefined)
    {
        var undefined = new List<string>();
        Evaluate(Parse(text, strict: false), name => isDefined(name) ? name : null, reference => undefined.Add(reference.Name), expandUnusedArguments: false);
        return undefined;
    }

    private abstract record Part;

    private sealed record Literal(string Text) : Part;

    /// <param name="Operator">Null for <c>$NAME</c> and <c>${NAME}</c>.</param>
    /// <param name="RawArgument">The argument as written, for messages: interpolated, it could carry another variable's value.</param>
    private sealed record Reference(string Name, string? Operator, IReadOnlyList<Part> Argument, string RawArgument) : Part;

    /// <param name="unset">Called for a reference that needs a value and has none.</param>
    private static string Evaluate(IReadOnlyList<Part> parts, Func<string, string?> resolve, Action<Reference> unset, bool expandUnusedArguments)
    {
        var result = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is Literal literal)
            {
                result.Append(literal.Text);
                continue;
            }

            var reference = (Reference)part;
            var value = resolve(reference.Name);
            var eager = expandUnusedArguments && reference.Operator is not null
                ? Evaluate(reference.Argument, resolve, unset, expandUnusedArguments)
                : null;
            string Argument() => eager ?? Evaluate(reference.Argument, resolve, unset, expandUnusedArguments);
            var needed = reference.Operator switch
            {
                null or "?" => value is null,
                ":?" => string.IsNullOrEmpty(value),
                _ => false,
            };
            if (needed)
            {
                unset(reference);
            }

            result.Append(reference.Operator switch
            {
                ":-" => string.IsNullOrEmpty(value) ? Argument() : value,
                "-" => value ?? Argument(),
                ":+" => string.IsNullOrEmpty(value) ? string.Empty : Argument(),
                "+" => value is null ? string.Empty : Argument(),
                _ => value ?? string.Empty,
            });
        }

        return result.ToString();
    }

    private static void RequireValue(Reference reference)
    {
        if (reference.Operator is "?" or ":?")
        {
            throw new FormatException(reference.RawArgument.Length == 0
                ? $"required variable {reference.Name} is missing a value"
                : $"required variable {reference.Name} is missing a value: {reference.RawArgument}");
        }
    }

    /// <param name="strict">Bad syntax throws; otherwise the '$' stays literal text, for compose to report.</param>
    private static List<Part> Parse(string text, bool strict)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var dollar = text.IndexOf('$', position);
            if (dollar < 0)
            {
                literal.Append(text, position, text.Length - position);
                break;
            }

            literal.Append(text, position, dollar - position);
            var next = dollar + 1;
            var follower = next < text.Length ? text[next] : '\0';
            Reference? reference = null;
            if (follower == '$')
            {
                literal.Append('$');
                position = next + 1;
            }
            else if (IsNameStart(follower))
            {
                position = NameEnd(text, next);
                reference = new Reference(text[next..position], null, [], string.Empty);
            }
            else if (follower == '{' && Braced(text, next + 1, strict) is ({ } braced, var end))
            {
                reference = braced;
                position = end;
            }
            else
            {
                // Compose leaves a '$' that starts no reference ("5$", "$1", "$-") as it is.
                literal.Append('$');
                position = next;
            }

            if (reference is not null)
            {
                if (literal.Length > 0)
                {
                    parts.Add(new Literal(literal.ToString()));
                    literal.Clear();
                }

                parts.Add(reference);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new Literal(literal.ToString()));
        }

        return parts;
    }

    /// <summary>The <c>${…}</c> whose name starts at <paramref name="nameStart"/>, and the index after it; null when it is not one.</summary>
    private static (Reference? Reference, int End) Braced(string text, int nameStart, bool strict)
    {
        if (nameStart >= text.Length || !IsNameStart(text[nameStart]))
        {
            return strict ? throw new FormatException(InvalidSyntax) : (null, 0);
        }

        var nameEnd = NameEnd(text, nameStart);
        var name = text[nameStart..nameEnd];
        if (nameEnd < text.Length && text[nameEnd] == '}')
        {
            return (new Reference(name, null, [], string.Empty), nameEnd + 1);
        }

        var operation = Operator(text, nameEnd);
        var argumentStart = nameEnd + (operation?.Length ?? 0);
        var close = ClosingBrace(text, argumentStart);
        if (operation is null || close < 0)
        {
            return strict ? throw new FormatException(InvalidSyntax) : (null, 0);
        }

        var rawArgument = text[argumentStart..close];
        return (new Reference(name, operation, Parse(rawArgument, strict), rawArgument), close + 1);
    }

    private static string? Operator(string text, int at)
    {
        static bool IsOperator(char c) => c is '-' or '+' or '?';

        return at + 1 < text.Length && text[at] == ':' && IsOperator(text[at + 1]) ? text.Substring(at, 2)
            : at < text.Length && IsOperator(text[at]) ? text.Substring(at, 1)
            : null;
    }

    /// <summary>
    /// The brace that closes a <c>${</c>, as compose finds it: counting every '{' as an opening
    /// (and skipping the character after it) and every '}' as a closing, on the same line;
    /// when the count never returns to zero, the last '}' of the line; -1 when there is none.
    /// </summary>
    private static int ClosingBrace(string text, int from)
    {
        var lineEnd = text.IndexOf('\n', from);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        var open = 1;
        for (var i = from; i < lineEnd; i++)
        {
            if (text[i] == '}' && --open == 0)
            {
                return i;
            }

            if (text[i] == '{')
            {
                open++;
                i++;
            }
        }

        return lineEnd > from ? text.LastIndexOf('}', lineEnd - 1, lineEnd - from) : -1;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static int NameEnd(string text, int start)
    {
        var end = start + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end;
    }
}
