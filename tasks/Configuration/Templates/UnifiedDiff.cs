using System.Text;

namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>
/// A line diff in the standard unified format (<c>---</c>/<c>+++</c>/<c>@@</c>, 3 lines of
/// context) so a dry run reads like <c>diff -u</c> and can be fed to <c>patch -p1</c>.
/// Lines are compared with their newline, so a missing final newline is a change too.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    private enum Kind
    {
        Equal,
        Delete,
        Insert,
    }

    private readonly record struct Edit(Kind Kind, string Line);

    /// <summary>The diff, or an empty string when both texts are equal. A null old text is a new file.</summary>
    public static string Create(string? oldText, string newText, string relativePath)
    {
        var oldLines = SplitLines(oldText ?? string.Empty);
        var newLines = SplitLines(newText);
        var edits = ShortestEditScript(oldLines, newLines);
        if (edits.All(e => e.Kind == Kind.Equal))
        {
            return string.Empty;
        }

        var diff = new StringBuilder()
            .Append(oldText is null ? "--- /dev/null" : $"--- a/{relativePath}").Append('\n')
            .Append($"+++ b/{relativePath}").Append('\n');
        foreach (var (start, end) in Hunks(edits))
        {
            AppendHunk(diff, edits, start, end);
        }

        return diff.ToString();
    }

    private static string[] SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return [.. lines];
    }

    /// <summary>Myers' O(ND) algorithm: greedy furthest-reaching paths per diagonal, then a walk back.</summary>
    private static List<Edit> ShortestEditScript(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length, max = n + m, offset = max + 1;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = MovesDown(v, k, d, offset) ? v[k + 1 + offset] : v[k - 1 + offset] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[k + offset] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(a, b, trace, offset);
                }
            }
        }

        throw new InvalidOperationException("unreachable: an edit script of length n + m always exists");
    }

    private static bool MovesDown(int[] v, int k, int d, int offset) =>
        k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]);

    private static List<Edit> Backtrack(string[] a, string[] b, List<int[]> trace, int offset)
    {
        var edits = new List<Edit>();
        int x = a.Length, y = b.Length;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            var previousK = MovesDown(v, k, d, offset) ? k + 1 : k - 1;
            var previousX = v[previousK + offset];
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                edits.Add(new Edit(Kind.Equal, a[--x]));
                y--;
            }

            if (d > 0)
            {
                edits.Add(x == previousX ? new Edit(Kind.Insert, b[--y]) : new Edit(Kind.Delete, a[--x]));
            }
        }

        edits.Reverse();
        return edits;
    }

    /// <summary>Ranges of the edit script shown together: changes closer than twice the context share a hunk.</summary>
    private static IEnumerable<(int Start, int End)> Hunks(List<Edit> edits)
    {
        var changes = Enumerable.Range(0, edits.Count).Where(i => edits[i].Kind != Kind.Equal).ToList();
        var first = changes[0];
        var last = changes[0];
        foreach (var change in changes.Skip(1))
        {
            if (change - last - 1 > 2 * Context)
            {
                yield return (Math.Max(0, first - Context), Math.Min(edits.Count, last + Context + 1));
                first = change;
            }

            last = change;
        }

        yield return (Math.Max(0, first - Context), Math.Min(edits.Count, last + Context + 1));
    }

    private static void AppendHunk(StringBuilder diff, List<Edit> edits, int start, int end)
    {
        var oldBefore = edits.Take(start).Count(e => e.Kind != Kind.Insert);
        var newBefore = edits.Take(start).Count(e => e.Kind != Kind.Delete);
        var hunk = edits.Skip(start).Take(end - start).ToList();
        var oldCount = hunk.Count(e => e.Kind != Kind.Insert);
        var newCount = hunk.Count(e => e.Kind != Kind.Delete);
        diff.Append($"@@ -{Range(oldBefore, oldCount)} +{Range(newBefore, newCount)} @@\n");
        foreach (var edit in hunk)
        {
            diff.Append(edit.Kind switch { Kind.Delete => '-', Kind.Insert => '+', _ => ' ' });
            diff.Append(edit.Line);
            if (!edit.Line.EndsWith('\n'))
            {
                diff.Append("\n\\ No newline at end of file\n");
            }
        }
    }

    // An empty range names the line before it, as diff -u does.
    private static string Range(int before, int count) => count switch
    {
        0 => $"{before},0",
        1 => $"{before + 1}",
        _ => $"{before + 1},{count}",
    };
}
