namespace PrivateCloud.Tasks.Configuration.Compose;

/// <summary>
/// Finds the variables a compose file interpolates that nobody defines, before docker compose
/// silently turns them into empty strings. Follows compose's interpolation: <c>$$</c> is a
/// literal dollar, <c>${VAR:-x}</c>/<c>${VAR-x}</c> and <c>${VAR:+x}</c>/<c>${VAR+x}</c> are fine
/// undefined, <c>$VAR</c>, <c>${VAR}</c> and <c>${VAR:?msg}</c> are not. YAML comments are not
/// interpolated, so they are skipped.
/// </summary>
public static class ComposeValidator
{
    /// <param name="definedNames">Every name compose will see: the caller's variables, the environment and the stack's .env.</param>
    /// <returns>Each undefined name once, with the line of its first use, in order of appearance.</returns>
    public static IReadOnlyList<ComposeVariableReference> FindUndefined(string composeText, IReadOnlySet<string> definedNames)
    {
        var undefined = new List<ComposeVariableReference>();
        var lines = composeText.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var scanner = new Scanner(WithoutComment(lines[i]), i + 1, definedNames, undefined);
            scanner.Scan(0, lines[i].Length);
        }

        return undefined.DistinctBy(u => u.Name).ToList();
    }

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

    private sealed class Scanner(string line, int lineNumber, IReadOnlySet<string> defined, List<ComposeVariableReference> undefined)
    {
        public void Scan(int start, int end)
        {
            end = Math.Min(end, line.Length);
            var i = start;
            while (i < end)
            {
                if (line[i] != '$' || i + 1 >= end)
                {
                    i++;
                }
                else if (line[i + 1] == '$')
                {
                    i += 2;
                }
                else if (line[i + 1] == '{')
                {
                    i = Braced(i + 2, end);
                }
                else
                {
                    var name = NameAt(i + 1, end);
                    Require(name);
                    i += 1 + Math.Max(name.Length, 1);
                }
            }
        }

        /// <summary>Handles <c>${NAME[op word]}</c> starting after the brace; returns the index after the closing brace.</summary>
        private int Braced(int start, int end)
        {
            var name = NameAt(start, end);
            var close = ClosingBrace(start, end);
            var rest = line[(start + name.Length)..close];
            var isDefined = defined.Contains(name);
            var operatorLength = rest.StartsWith(':') ? 2 : 1;
            var wordStart = start + name.Length + operatorLength;
            switch (rest.TrimStart(':').FirstOrDefault())
            {
                case '-' when !isDefined:
                    Scan(wordStart, close);
                    break;
                case '+' when isDefined:
                    Scan(wordStart, close);
                    break;
                case '-' or '+':
                    break;
                default:
                    Require(name);
                    break;
            }

            return close + 1;
        }

        private int ClosingBrace(int start, int end)
        {
            var depth = 0;
            for (var i = start; i < end; i++)
            {
                if (line[i] == '{')
                {
                    depth++;
                }
                else if (line[i] == '}' && depth-- == 0)
                {
                    return i;
                }
            }

            return end;
        }

        private string NameAt(int start, int end)
        {
            var i = start;
            while (i < end && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_') && (i > start || !char.IsAsciiDigit(line[i])))
            {
                i++;
            }

            return line[start..i];
        }

        private void Require(string name)
        {
            if (name.Length > 0 && !defined.Contains(name))
            {
                undefined.Add(new ComposeVariableReference(name, lineNumber));
            }
        }
    }
}
