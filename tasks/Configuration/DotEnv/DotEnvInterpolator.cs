using System.Text;

namespace PrivateCloud.Tasks.Configuration.DotEnv;

/// <summary>
/// Docker compose's variable interpolation as applied to <c>.env</c> values: <c>$$</c>,
/// <c>$NAME</c>, <c>${NAME}</c> and <c>${NAME</c> followed by <c>:-</c>, <c>-</c>, <c>:+</c>,
/// <c>+</c>, <c>:?</c> or <c>?</c> and an argument that is itself interpolated. An unset
/// variable without an operator becomes empty. Throws <see cref="FormatException"/> with a
/// message that never holds a value.
/// </summary>
internal sealed class DotEnvInterpolator(Func<string, string?> resolve)
{
    public const string InvalidSyntax =
        "invalid interpolation: \"${\" must be followed by a name and \"}\", as in ${NAME}, ${NAME:-default} or ${NAME:?error}; write $$ for a literal $";

    public string Expand(string template)
    {
        var result = new StringBuilder(template.Length);
        var position = 0;
        while (position < template.Length)
        {
            var dollar = template.IndexOf('$', position);
            if (dollar < 0)
            {
                result.Append(template, position, template.Length - position);
                break;
            }

            result.Append(template, position, dollar - position);
            position = ExpandReference(template, dollar, result);
        }

        return result.ToString();
    }

    /// <summary>Expands the reference starting at <paramref name="dollar"/>; returns the index after it.</summary>
    private int ExpandReference(string text, int dollar, StringBuilder result)
    {
        var next = dollar + 1;
        var follower = next < text.Length ? text[next] : '\0';
        if (follower == '$')
        {
            result.Append('$');
            return next + 1;
        }

        if (IsNameStart(follower))
        {
            var nameEnd = NameEnd(text, next);
            result.Append(resolve(text[next..nameEnd]) ?? string.Empty);
            return nameEnd;
        }

        if (follower == '{')
        {
            return ExpandBraced(text, next + 1, result);
        }

        // Compose leaves a '$' that starts no reference ("5$", "$1", "$-") as it is.
        result.Append('$');
        return next;
    }

    private int ExpandBraced(string text, int nameStart, StringBuilder result)
    {
        if (nameStart >= text.Length || !IsNameStart(text[nameStart]))
        {
            throw new FormatException(InvalidSyntax);
        }

        var nameEnd = NameEnd(text, nameStart);
        var name = text[nameStart..nameEnd];
        if (nameEnd < text.Length && text[nameEnd] == '}')
        {
            result.Append(resolve(name) ?? string.Empty);
            return nameEnd + 1;
        }

        var (operation, argumentStart) = ReadOperator(text, nameEnd);
        var close = ClosingBrace(text, argumentStart);
        var rawArgument = text[argumentStart..close];
        // Compose interpolates the argument whether or not it is used, so its errors always count.
        var argument = Expand(rawArgument);
        result.Append(Apply(name, operation, argument, rawArgument));
        return close + 1;
    }

    private static (string Operation, int ArgumentStart) ReadOperator(string text, int at)
    {
        static bool IsOperator(char c) => c is '-' or '+' or '?';

        if (at + 1 < text.Length && text[at] == ':' && IsOperator(text[at + 1]))
        {
            return (text.Substring(at, 2), at + 2);
        }

        if (at < text.Length && IsOperator(text[at]))
        {
            return (text.Substring(at, 1), at + 1);
        }

        throw new FormatException(InvalidSyntax);
    }

    /// <summary>
    /// The brace that closes a <c>${</c>, as compose finds it: counting every '{' as an opening
    /// (and skipping the character after it) and every '}' as a closing, on the same line;
    /// when the count never returns to zero, the last '}' of the line.
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

        var last = text.LastIndexOf('}', lineEnd - 1, lineEnd - from);
        return last >= 0 ? last : throw new FormatException(InvalidSyntax);
    }

    private string Apply(string name, string operation, string argument, string rawArgument)
    {
        var value = resolve(name);
        return operation switch
        {
            ":-" => string.IsNullOrEmpty(value) ? argument : value,
            "-" => value ?? argument,
            ":+" => string.IsNullOrEmpty(value) ? string.Empty : argument,
            "+" => value is null ? string.Empty : argument,
            ":?" => string.IsNullOrEmpty(value) ? throw Missing(name, rawArgument) : value,
            _ => value ?? throw Missing(name, rawArgument),
        };
    }

    // The reason is quoted as written: interpolated, it could carry another variable's value.
    private static FormatException Missing(string name, string reason) =>
        new(reason.Length == 0
            ? $"required variable {name} is missing a value"
            : $"required variable {name} is missing a value: {reason}");

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
