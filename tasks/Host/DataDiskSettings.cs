using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

/// <summary>Whether the data directories must be mounts of their own, and which devices Bootstrap mounts there.</summary>
public sealed record DataDiskSettings(bool SingleDisk, string? DatabasesDevice, string? FilesDevice)
{
    public static readonly Setting SingleDiskSetting = new(
        "single-disk",
        "The host keeps DATABASES_DIR and FILES_DIR on its root filesystem on purpose: PrepareHost and Deploy then do not refuse them for not being mount points, and CheckDiskUsage and Doctor do not expect them mounted.",
        "false")
    {
        ReadBy = [nameof(CheckDataMounts), nameof(CheckDiskUsage)],
    };

    public static readonly Setting DatabasesDeviceSetting = new("databases-device", "Bootstrap mounts this block device at DATABASES_DIR (MountVolume) when given, e.g. /dev/sdb.")
    {
        ReadBy = [nameof(MountDataVolumes)],
    };

    public static readonly Setting FilesDeviceSetting = new("files-device", "Bootstrap mounts this block device at FILES_DIR (MountVolume) when given, e.g. /dev/sdc.")
    {
        ReadBy = [nameof(MountDataVolumes)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } = [SingleDiskSetting, DatabasesDeviceSetting, FilesDeviceSetting];

    public static DataDiskSettings Read(SettingSources sources) =>
        new(sources.GetFlag(SingleDiskSetting), Device(sources, DatabasesDeviceSetting), Device(sources, FilesDeviceSetting));

    private static string? Device(SettingSources sources, Setting setting) =>
        sources.Find(setting) switch
        {
            null => null,
            var (value, _) when value.StartsWith("/dev/", StringComparison.Ordinal) && value.Length > "/dev/".Length => value,
            var (value, origin) => throw new BuildInputException($"{origin}: {setting.Option} takes a block device path like /dev/sdb; '{value}' is not one."),
        };
}
