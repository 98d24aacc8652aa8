using System.Globalization;
using System.Text.RegularExpressions;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Reads <c>duplicity verify</c>'s output in both wordings: 0.8's "Verify complete: 6 files compared,
/// 1 difference found." and 1.x's "Verify complete: 6 file(s) compared, 1 difference(s) found.",
/// the "Difference found: …" lines before it, and the hash-mismatch message of a damaged volume.
/// </summary>
public static partial class VerifyOutputParser
{
    public static VerifySummary Parse(string output)
    {
        var summary = Summary().Matches(output).LastOrDefault();
        var differences = output.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Select(line => Difference().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();
        return new VerifySummary(
            summary is null ? null : Number(summary.Groups["files"].Value),
            summary is null ? null : Number(summary.Groups["differences"].Value),
            differences,
            output.Contains("hash mismatch", StringComparison.OrdinalIgnoreCase));
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Verify complete: (?<files>\d+) files? ?(?:\(s\))? compared, (?<differences>\d+) differences? ?(?:\(s\))? found\.")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^Difference found: (.+)$")]
    private static partial Regex Difference();
}
