using System.Globalization;

namespace PrivateCloud.Tasks.Host.DockerVolumes;

/// <summary>What a volume holds, counted inside a container: entries (files, directories, links) and the bytes of its files.</summary>
public sealed record VolumeContent(long Entries, long Bytes)
{
    /// <summary>Prints "entries bytes" for the volume mounted at /v; busybox and GNU tools both have find, stat and awk.</summary>
    public const string CountScript = "cd /v && printf '%s ' \"$(find . -mindepth 1 | wc -l)\" && find . -type f -exec stat -c %s {} + | awk '{s+=$1} END {print s+0}'";

    public static VolumeContent Parse(string output)
    {
        var fields = output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 2
            && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var entries)
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            ? new VolumeContent(entries, bytes)
            : throw new FormatException($"Counting a volume's files printed '{output.Trim()}', not 'entries bytes'.");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Entries} entries, {Bytes} bytes");
}
