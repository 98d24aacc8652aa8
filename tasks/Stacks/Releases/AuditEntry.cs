using System.Globalization;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// One line of <c>audit.log</c> read back, field by field, for <c>--format=json</c>. The line
/// itself is kept: a hand-edited or foreign line still shows, with null fields.
/// </summary>
public sealed record AuditEntry(string Line, DateTimeOffset? Time, string? User, string? Task, string? Release, string? Commit, string? Outcome)
{
    private const string Missing = "-";

    /// <summary>Reads a line as <see cref="AuditLog.Line"/> writes it; any other line keeps only <see cref="Line"/>.</summary>
    public static AuditEntry Parse(string line)
    {
        var fields = line.Split(' ');
        if (fields.Length != 6
            || !DateTimeOffset.TryParseExact(fields[0], AuditLog.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            || Value(fields[3], "release") is not { } release
            || Value(fields[4], "commit") is not { } commit
            || Value(fields[5], "outcome") is not { } outcome)
        {
            return new AuditEntry(line, null, null, null, null, null, null);
        }

        return new AuditEntry(line, time, fields[1], fields[2], release == Missing ? null : release, commit == Missing ? null : commit, outcome);
    }

    private static string? Value(string field, string name) =>
        field.StartsWith(name + "=", StringComparison.Ordinal) ? field[(name.Length + 1)..] : null;
}
