namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>Makes values safe to paste into a POSIX shell command line.</summary>
public static class ShellQuote
{
    /// <summary>
    /// Plain words stay readable; anything else is wrapped in single quotes, inside which the shell
    /// expands nothing. A single quote itself is written as <c>'\''</c> (close, escaped quote, reopen).
    /// </summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && value.All(IsPlain))
        {
            return value;
        }

        return "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    public static string Join(params IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '@' or '%' or '+' or '=' or ',';
}
