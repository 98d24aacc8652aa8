using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Host;

/// <summary>The block device and mount point MountVolume and GrowVolume work on; null when not given.</summary>
public sealed record VolumeSettings(string? Device, string? Mount, bool Format, bool Partition)
{
    public static VolumeSettings Read(SettingSources sources)
    {
        var device = sources.Find(HostSettings.Device);
        if (device is { } given && (!given.Value.StartsWith("/dev/", StringComparison.Ordinal) || given.Value.Length <= "/dev/".Length))
        {
            throw new BuildInputException($"{given.Origin}: {HostSettings.Device.Option} takes a block device path like /dev/sdb; '{given.Value}' is not one.");
        }

        var mount = sources.Find(HostSettings.Mount) is { } found
            ? HostPreparationSettings.Absolute(found.Value, found.Origin, HostSettings.Mount)
            : null;
        if (mount == "/")
        {
            throw new BuildInputException($"{HostSettings.Mount.Option}=/ is the root filesystem: give a data mount point like /mnt/files.");
        }

        return new VolumeSettings(device?.Value, mount, sources.GetFlag(HostSettings.FormatDevice), sources.GetFlag(HostSettings.Partition));
    }

    /// <summary>The device and mount point, or one clear line naming the missing setting.</summary>
    public (string Device, string Mount) Require(string task) =>
        (Device ?? throw Missing(task, HostSettings.Device, "/dev/sdb"), Mount ?? throw Missing(task, HostSettings.Mount, "/mnt/files"));

    private static BuildInputException Missing(string task, Setting setting, string example) =>
        new($"{task} needs {setting.Option}, e.g. {setting.Option}={example} (or {setting.EnvironmentVariable}).");
}
