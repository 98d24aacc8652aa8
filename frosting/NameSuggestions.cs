namespace PrivateCloud.Frosting;

/// <summary>Finds the known names closest to a mistyped one.</summary>
public static class NameSuggestions
{
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known, int count = 3)
    {
        var lowered = typed.ToLowerInvariant();
        return known
            .Select(name => (name, distance: Distance(lowered, name.ToLowerInvariant())))
            .Where(c => c.distance <= Math.Max(2, typed.Length / 2)
                || c.name.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.distance)
            .ThenBy(c => c.name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.name)
            .ToList();
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
