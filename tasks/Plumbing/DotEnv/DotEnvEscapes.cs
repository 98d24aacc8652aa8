using System.Text;

namespace PrivateCloud.Tasks.Plumbing.DotEnv;

/// <summary>
/// The backslash escapes docker compose expands inside a double-quoted <c>.env</c> value, after
/// the closing quote was found and before variables are interpolated.
/// </summary>
internal static class DotEnvEscapes
{
    public static string Expand(string raw)
    {
        var result = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 == raw.Length)
            {
                result.Append(raw[i]);
                continue;
            }

            var next = raw[i + 1];
            if (next == '0')
            {
                i = ExpandOctal(raw, i, result);
                continue;
            }

            if (Simple(next) is { } expanded)
            {
                result.Append(expanded);
                i++;
                continue;
            }

            // Unknown escapes (\x, \c, \q, ...) stay as written, backslash included.
            result.Append('\\');
        }

        return result.ToString();
    }

    private static string? Simple(char escape) => escape switch
    {
        'a' => "\a",
        'b' => "\b",
        'f' => "\f",
        'n' => "\n",
        'r' => "\r",
        't' => "\t",
        'v' => "\v",
        '\\' => "\\",
        '"' => "\"",
        // Interpolation turns "$$" into a literal '$', so "\$" can never start a variable.
        '$' => "$$",
        _ => null,
    };

    /// <summary>
    /// Compose reads "\0" plus up to three digits, drops the 0 and decodes the rest as a Go
    /// octal escape: exactly three octal digits up to 377 give that character; anything else
    /// stays as written without the 0 (so "\0" alone becomes "\"). Returns the last index used.
    /// </summary>
    private static int ExpandOctal(string raw, int backslash, StringBuilder result)
    {
        var digitsStart = backslash + 2;
        var digitsEnd = digitsStart;
        while (digitsEnd < raw.Length && digitsEnd - digitsStart < 3 && char.IsAsciiDigit(raw[digitsEnd]))
        {
            digitsEnd++;
        }

        var digits = raw[digitsStart..digitsEnd];
        if (digits.Length == 3 && digits.All(d => d <= '7') && Convert.ToInt32(digits, 8) is var code and <= 0xFF)
        {
            result.Append((char)code);
        }
        else
        {
            result.Append('\\').Append(digits);
        }

        return digitsEnd - 1;
    }
}
