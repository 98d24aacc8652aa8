namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>A filesystem <c>blkid -p</c> found on <see cref="Device"/> (a disk or one of its partitions).</summary>
public sealed record BlockFilesystem(string Device, string Type, string Uuid)
{
    /// <summary>
    /// Reads <c>blkid -p -o export</c>: KEY=value lines. Null unless it is a filesystem with a UUID:
    /// swap, RAID members and partition tables are not something to mount.
    /// </summary>
    public static BlockFilesystem? Parse(string device, string blkidExport)
    {
        var fields = blkidExport.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return fields.GetValueOrDefault("USAGE") == "filesystem"
            && fields.TryGetValue("TYPE", out var type) && fields.TryGetValue("UUID", out var uuid) && uuid.Length > 0
            ? new BlockFilesystem(device, type, uuid)
            : null;
    }
}
