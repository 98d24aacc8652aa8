using System.Globalization;
using System.Text.RegularExpressions;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Reads <c>duplicity collection-status</c> as 0.8 and later print it (C locale): the secondary
/// chains, then the primary one ("Found primary backup chain with matching signature chain:"), each a
/// table of sets, then the orphaned and incomplete sets.
/// </summary>
public static partial class CollectionStatusParser
{
    /// <summary>Null when the text is not a collection status at all (duplicity failed before printing one).</summary>
    public static CollectionStatus? Parse(string output)
    {
        var lines = output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        if (!lines.Any(line => line.StartsWith("Collection Status", StringComparison.Ordinal)))
        {
            return null;
        }

        var chains = new List<BackupChain>();
        List<BackupSet>? current = null;
        var primary = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("Found primary backup chain", StringComparison.Ordinal))
            {
                primary = true;
            }
            else if (line.StartsWith("Secondary chain ", StringComparison.Ordinal))
            {
                primary = false;
            }
            else if (line.StartsWith("Chain start time:", StringComparison.Ordinal))
            {
                current = [];
                chains.Add(new BackupChain(primary, current));
            }
            else if (current is not null && SetLine().Match(line) is { Success: true } set && DuplicityDate.TryParse(set.Groups["time"].Value, out var time))
            {
                current.Add(new BackupSet(set.Groups["type"].Value == "Full", time, int.Parse(set.Groups["volumes"].Value, CultureInfo.InvariantCulture)));
            }
        }

        return new CollectionStatus(
            [.. chains.Where(chain => chain.Sets.Count > 0)],
            Count(Orphaned(), output),
            Count(Incomplete(), output));
    }

    private static int Count(Regex pattern, string output) =>
        pattern.Match(output) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^\s*(?<type>Full|Incremental)\s+(?<time>\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})\s+(?<volumes>\d+)\s*$")]
    private static partial Regex SetLine();

    [GeneratedRegex(@"Also found (\d+) backup sets? not part of any chain")]
    private static partial Regex Orphaned();

    [GeneratedRegex(@"and (\d+) incomplete backup sets?")]
    private static partial Regex Incomplete();
}
