using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup.Dumps;

/// <summary>One database's dump as the nightly job left it: when it was written and its size; both null when there is none.</summary>
public sealed record DumpFile(string Service, string Path, DateTimeOffset? Written, long? Bytes);

/// <summary>Reads the dumps the nightly job wrote, in one command, for BackupStatus.</summary>
public sealed class DumpFiles(RemoteShell shell)
{
    public IReadOnlyList<DumpFile> Read(DumpScript script) => Parse(script, shell.Read(Listing(script)));

    /// <summary>
    /// "seconds bytes name" for each dump present; a missing one, or a missing directory, prints
    /// nothing. As root: the dump directory is root's alone.
    /// </summary>
    public static RemoteCommand Listing(DumpScript script) =>
        new($"cd -- {ShellQuote.Quote(script.Directory)} 2>/dev/null && stat -c '%Y %s %n' -- {ShellQuote.Join(script.Dumps.Select(dump => dump.FileName))} 2>/dev/null; true")
        {
            Privileged = true,
        };

    public static IReadOnlyList<DumpFile> Parse(DumpScript script, string output)
    {
        var found = new Dictionary<string, (DateTimeOffset Written, long Bytes)>(StringComparer.Ordinal);
        foreach (var fields in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => line.Split(' ', 3)))
        {
            if (fields.Length == 3
                && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                found[fields[2]] = (DateTimeOffset.FromUnixTimeSeconds(seconds), bytes);
            }
        }

        return
        [
            .. script.Dumps.Select(dump => (Dump: dump, Path: $"{script.Directory}/{dump.FileName}"))
                .Select(d => found.TryGetValue(d.Dump.FileName, out var file)
                    ? new DumpFile(d.Dump.Service, d.Path, file.Written, file.Bytes)
                    : new DumpFile(d.Dump.Service, d.Path, null, null)),
        ];
    }
}
