using System.Globalization;
using System.Text.RegularExpressions;

namespace PrivateCloud.Tasks.Plumbing.Disk;

/// <summary>
/// Reads POSIX <c>df -P -k</c> output. -P keeps each filesystem on one line however long its
/// device name, so a line is: device, four numbers, capacity, mount point (which may hold spaces).
/// </summary>
public static partial class DfOutput
{
    public static IReadOnlyList<FilesystemUsage> Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Trim().Length > 0)
            .ToList();

        // The header ("Filesystem 1024-blocks ...") is the first line; LC_ALL=C keeps it English.
        return lines.Skip(1).Select(ParseLine).ToList();
    }

    private static FilesystemUsage ParseLine(string line)
    {
        var match = LinePattern().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"df -P -k printed a line this tool cannot read: '{line}'.");
        }

        var capacity = match.Groups["capacity"].Value;
        var size = Number(match, "size");
        var used = Number(match, "used");
        var available = Number(match, "available");

        // df prints "-" for filesystems without a size (e.g. some pseudo filesystems): nothing is used there.
        var usePercent = capacity == "-" ? 0 : int.Parse(capacity.TrimEnd('%'), CultureInfo.InvariantCulture);
        return new FilesystemUsage(match.Groups["device"].Value, size, used, available, usePercent, match.Groups["mount"].Value);
    }

    private static long Number(Match match, string group) =>
        long.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<device>\S.*?)\s+(?<size>\d+)\s+(?<used>\d+)\s+(?<available>\d+)\s+(?<capacity>\d+%|-)\s+(?<mount>/.*)$")]
    private static partial Regex LinePattern();
}
