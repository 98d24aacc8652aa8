using System.Globalization;
using System.Text.RegularExpressions;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>Duplicity's dates: C's asctime in the zone of the process, which <see cref="DuplicityCommand.Environment"/> sets to UTC.</summary>
public static partial class DuplicityDate
{
    /// <summary>The length of an asctime date, "Sun Nov  1 01:42:00 2026", day padded with a space.</summary>
    public const int Length = 24;

    public static bool TryParse(string text, out DateTimeOffset date)
    {
        var collapsed = Spaces().Replace(text.Trim(), " ");
        if (DateTime.TryParseExact(collapsed, "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            date = new DateTimeOffset(parsed, TimeSpan.Zero);
            return true;
        }

        date = default;
        return false;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
