using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

/// <summary>The block device and mount point MountVolume and GrowVolume work on; null when not given.</summary>
public sealed record VolumeSettings(string? Device, string? Mount, bool Format, bool Partition)
{
    /// <summary>Directories of the system itself; below /var, /srv, /opt and /home, data may be mounted.</summary>
    private static readonly string[] SystemPaths =
        ["/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/root", "/run", "/sbin", "/sys", "/tmp", "/usr",
         "/var", "/srv", "/opt", "/home"];

    public static VolumeSettings Read(SettingSources sources)
    {
        var device = sources.Find(HostSettings.Device);
        if (device is { } given && (!given.Value.StartsWith("/dev/", StringComparison.Ordinal) || given.Value.Length <= "/dev/".Length))
        {
            throw new BuildInputException($"{given.Origin}: {HostSettings.Device.Option} takes a block device path like /dev/sdb; '{given.Value}' is not one.");
        }

        var mount = sources.Find(HostSettings.Mount) is { } found
            ? Lexical(SettingPaths.AbsoluteOnHost(found.Value, found.Origin, HostSettings.Mount))
            : null;
        if (mount == "/")
        {
            throw new BuildInputException($"{HostSettings.Mount.Option}=/ is the root filesystem: give a data mount point like /mnt/files.");
        }

        if (mount is not null && mount.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new BuildInputException(
                $"{HostSettings.Mount.Option}='{mount.ReplaceLineEndings(" ")}' holds a space or control character, which /etc/fstab cannot hold: give a plain path like /mnt/files.");
        }

        if (mount is not null && SystemPaths.FirstOrDefault(system => mount == system || mount.StartsWith(system + "/", StringComparison.Ordinal)) is { } owned
            && !(owned is "/var" or "/srv" or "/opt" or "/home" && mount != owned))
        {
            throw new BuildInputException(
                $"{HostSettings.Mount.Option}={mount} is {(mount == owned ? "a system directory" : $"inside the system directory {owned}")}: mounting a disk there hides what the system keeps in it; give a data mount point like /mnt/files.");
        }

        return new VolumeSettings(device?.Value, mount, sources.GetFlag(HostSettings.FormatDevice), sources.GetFlag(HostSettings.Partition));
    }

    /// <summary>
    /// The path with '//' and '.' dropped and each '..' taking off the name before it (never above '/'),
    /// worked out on the text alone: /mnt/../etc is /etc, and the system-path guard compares that.
    /// </summary>
    private static string Lexical(string path)
    {
        var names = new List<string>();
        foreach (var name in path.Split('/'))
        {
            if (name == "..")
            {
                if (names.Count > 0)
                {
                    names.RemoveAt(names.Count - 1);
                }
            }
            else if (name is not ("" or "."))
            {
                names.Add(name);
            }
        }

        return "/" + string.Join('/', names);
    }

    /// <summary>The device and mount point, or one clear line naming the missing setting.</summary>
    public (string Device, string Mount) Require(string task) =>
        (Device ?? throw Missing(task, HostSettings.Device, "/dev/sdb"), Mount ?? throw Missing(task, HostSettings.Mount, "/mnt/files"));

    private static BuildInputException Missing(string task, Setting setting, string example) =>
        new($"{task} needs {setting.Option}, e.g. {setting.Option}={example} (or {setting.EnvironmentVariable}).");
}
