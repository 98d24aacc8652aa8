using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.DockerVolumes;

/// <summary>
/// Every command line <see cref="VolumeRenamer"/> runs on the host, built here so their text, and the
/// quoting of the volume and image names in it, is checked without a host. Docker is root's to ask.
/// </summary>
public static class VolumeRenameCommands
{
    public static RemoteCommand Exists(string volume) => Root($"docker volume inspect {ShellQuote.Quote(volume)} >/dev/null");

    /// <summary>The names of the running containers that mount the volume, one a line.</summary>
    public static RemoteCommand RunningContainersUsing(string volume) =>
        Root($"docker ps --filter {ShellQuote.Quote("volume=" + volume)} --format '{{{{.Names}}}}'");

    /// <summary>Prints "entries bytes" (<see cref="VolumeContent.Parse"/>) for the volume, mounted read-only in a helper container with no network.</summary>
    public static RemoteCommand Count(string volume, string helperImage) =>
        Root($"docker run --rm --network none -v {ShellQuote.Quote(volume + ":/v:ro")} {ShellQuote.Quote(helperImage)} sh -c {ShellQuote.Quote(VolumeContent.CountScript)}");

    /// <summary>
    /// One script, so that a dry run shows all of it and a real run cannot report a copy it did not
    /// check: the new volume, the copy, then the copy counted; a count other than <paramref name="expected"/>
    /// fails with exit status 3 and both volumes left as they are.
    /// </summary>
    public static RemoteCommand CopyAndCheck(string from, string to, string helperImage, VolumeContent expected)
    {
        var counts = string.Create(CultureInfo.InvariantCulture, $"{expected.Entries} {expected.Bytes}");
        return Root(
            "set -e; " +
            $"docker volume create {ShellQuote.Quote(to)} >/dev/null; " +
            $"docker run --rm --network none -v {ShellQuote.Quote(from + ":/from:ro")} -v {ShellQuote.Quote(to + ":/to")} {ShellQuote.Quote(helperImage)} " +
            "sh -c 'cd /from && cp -a . /to'; " +
            $"copy=$({Count(to, helperImage).Text}); " +
            $"[ \"$copy\" = {ShellQuote.Quote(counts)} ] || " +
            $"{{ printf '%s\\n' \"the copy in \"{ShellQuote.Quote(to)}\" holds $copy (entries bytes), the source {counts}: both volumes are left as they are\" >&2; exit 3; }}");
    }

    public static RemoteCommand Remove(string volume) => Root($"docker volume rm {ShellQuote.Quote(volume)}");

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
