using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// Every command line <see cref="ReleaseImages"/> runs on the host, built here so their text, and the
/// quoting of each path in it, is checked without a host.
/// </summary>
public static class ReleaseImageCommands
{
    /// <summary>What <see cref="ReadRecords"/> prints before each record: the line then names its release.</summary>
    public const string RecordMarker = "#release ";

    /// <summary>
    /// Appends the "service image" lines on stdin that differ from what the record of the release
    /// <paramref name="currentLink"/> points at says; nothing without a current release. The record's
    /// last line for a service is what it ran; awk reads the record whole before it appends a line.
    /// </summary>
    public static RemoteCommand RecordCurrent(string currentLink, string directory) =>
        Root(
            $"set -e; id=$(readlink -- {ShellQuote.Quote(currentLink)} || true); id=${{id##*/}}; " +
            "case \"$id\" in ''|*[!0-9TZ]*) exit 0 ;; esac; " +
            $"mkdir -p -- {ShellQuote.Quote(directory)}; record={ShellQuote.Quote(directory)}/\"$id\"; touch -- \"$record\"; " +
            "awk -v record=\"$record\" 'BEGIN { while ((getline line < record) > 0) { split(line, part, \" \"); noted[part[1]] = part[2] } } " +
            "noted[$1] != $2 { print; noted[$1] = $2 }' >> \"$record\"");

    /// <summary>Every record under <paramref name="directory"/>, each after a <see cref="RecordMarker"/> line, in one round trip.</summary>
    public static RemoteCommand ReadRecords(string directory) =>
        Root($"for f in {ShellQuote.Quote(directory)}/*; do if [ -f \"$f\" ]; then echo \"{RecordMarker}${{f##*/}}\"; cat -- \"$f\"; fi; done");

    public static RemoteCommand Remove(IEnumerable<string> paths) => Root("rm -f -- " + ShellQuote.Join(paths));

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
