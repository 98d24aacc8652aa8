using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Configuration.Compose;

/// <summary>
/// Finds the variables a compose file interpolates that nobody defines, before docker compose
/// silently turns them into empty strings. <c>${VAR:-x}</c>/<c>${VAR-x}</c> and
/// <c>${VAR:+x}</c>/<c>${VAR+x}</c> are fine undefined, <c>$VAR</c>, <c>${VAR}</c> and
/// <c>${VAR:?msg}</c> are not (see <see cref="ComposeInterpolation.Undefined"/>). YAML comments are
/// not interpolated, so they are skipped.
/// </summary>
public static partial class ComposeValidator
{
    /// <summary>
    /// Finds the variables a compose file puts in a URL's user name or password
    /// (<c>scheme://${USER}:${PASSWORD}@host</c>) whose value holds a character that would need
    /// percent-encoding there: compose pastes values in as they are, so a '@', ':', '/' or '%' in a
    /// password silently makes another URL. Only RFC 3986's unreserved characters are safe.
    /// </summary>
    /// <returns>Each such name once, with the line of its first use; never its value.</returns>
    public static IReadOnlyList<ComposeVariableReference> FindUnsafeInUrlCredentials(string composeText, Func<string, string?> values) =>
        composeText.Split('\n')
            .SelectMany((line, index) => UrlCredentials().Matches(WithoutComment(line))
                .SelectMany(credentials => VariableReference().Matches(credentials.Groups[1].Value).Select(reference => reference.Groups[1].Value))
                .Where(name => values(name) is { } value && !UrlSafe().IsMatch(value))
                .Select(name => new ComposeVariableReference(name, index + 1)))
            .DistinctBy(reference => reference.Name)
            .ToList();

    /// <param name="definedNames">Every name compose will see: the caller's variables, the environment and the stack's .env.</param>
    /// <returns>Each undefined name once, with the line of its first use, in order of appearance.</returns>
    public static IReadOnlyList<ComposeVariableReference> FindUndefined(string composeText, IReadOnlySet<string> definedNames) =>
        composeText.Split('\n')
            .SelectMany((line, index) => ComposeInterpolation.Undefined(WithoutComment(line), definedNames.Contains)
                .Select(name => new ComposeVariableReference(name, index + 1)))
            .DistinctBy(reference => reference.Name)
            .ToList();

    /// <summary>A '#' starts a YAML comment at the line start or after a blank, outside quotes.</summary>
    private static string WithoutComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is null && c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = null;
            }
            else if (quote is null && c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    /// <summary>The user information of a URL: after "scheme://", up to the last '@' before the host.</summary>
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.-]*://([^\s/?#]*)@")]
    private static partial Regex UrlCredentials();

    /// <summary>$NAME or ${NAME...}; '$$' is compose's escaped dollar, not a reference.</summary>
    [GeneratedRegex(@"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^[A-Za-z0-9._~-]*\z")]
    private static partial Regex UrlSafe();
}
