using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Disk;
using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

public sealed record HostSettings(DiskThresholds Disk, IReadOnlyList<string> DataMounts, string MailNetwork, int GitUid, string GiteaHostKey)
{
    public static readonly Setting DiskWarn = new("disk-warn", "CheckDiskUsage warns above this use percentage.", "85")
    {
        ReadBy = [nameof(CheckDiskUsage)],
    };

    public static readonly Setting DiskFail = new("disk-fail", "CheckDiskUsage fails above this use percentage.", "95")
    {
        ReadBy = [nameof(CheckDiskUsage)],
    };

    public static readonly Setting DataMountsSetting = new(
        "data-mounts", "The host's data mount points, comma-separated.", "DATABASES_DIR,FILES_DIR; none with --single-disk=true")
    {
        ReadBy = [nameof(CheckDiskUsage)],
    };

    public static readonly Setting MailNetworkSetting = new(
        "mail-network", "The Docker network whose traffic leaves from MAIL_HOST_IP.", "<project>_mail")
    {
        ReadBy = [nameof(RouteMailTraffic)],
    };

    public static readonly Setting GitUidSetting = new(
        "git-uid", "uid and gid of the host's git user, the same as Gitea's container.", GiteaSshPlan.DefaultId.ToString(CultureInfo.InvariantCulture))
    {
        ReadBy = [nameof(SetUpGiteaSsh)],
    };

    public static readonly Setting GiteaHostKeySetting = new(
        "gitea-host-key", "The public host key file of Gitea's sshd on the host; SetUpGiteaSsh pins it for the shim.", $"FILES_DIR/{GiteaSshPlan.HostKeyUnderFilesDir}")
    {
        ReadBy = [nameof(SetUpGiteaSsh)],
    };

    public static readonly Setting Packages = new(
        "packages", "Debian packages PrepareHost installs when missing, separated by spaces or commas.", "fail2ban haveged")
    {
        ReadBy = [nameof(PrepareHost)],
    };

    public static readonly Setting Device = new("device", "The block device MountVolume and GrowVolume work on, e.g. /dev/sdb.")
    {
        ReadBy = [nameof(MountVolume), nameof(GrowVolume)],
    };

    public static readonly Setting Mount = new("mount", "Where MountVolume mounts --device and GrowVolume finds it, e.g. /mnt/files.")
    {
        ReadBy = [nameof(MountVolume), nameof(GrowVolume)],
    };

    public static readonly Setting FormatDevice = new(
        "format-device", "MountVolume may create a partition and an ext4 filesystem on a blank --device; one holding data is never formatted.", "false")
    {
        ReadBy = [nameof(MountVolume), nameof(MountDataVolumes)],
    };

    public static readonly Setting Partition = new(
        "partition", "MountVolume --format-device puts one GPT partition over the device first; false formats the whole device.", "true")
    {
        ReadBy = [nameof(MountVolume), nameof(MountDataVolumes)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } =
        [DiskWarn, DiskFail, DataMountsSetting, MailNetworkSetting, GitUidSetting, GiteaHostKeySetting, Packages,
         Device, Mount, FormatDevice, Partition];

    public required HostPreparationSettings Preparation { get; init; }

    public required VolumeSettings Volume { get; init; }

    public required MaintenanceSettings Maintenance { get; init; }

    public required DataDiskSettings DataDisks { get; init; }

    public static HostSettings Read(SettingSources sources, string projectName, StackVariables variables) => new(
        new DiskThresholds(sources.GetInt(DiskWarn, 0, 100), sources.GetInt(DiskFail, 0, 100)),
        ExpectedDataMounts(sources, variables),
        sources.Find(MailNetworkSetting) is { } network ? ComposeNames.Valid(network.Value, network.Origin, MailNetworkSetting.Option) : $"{projectName}_mail",
        sources.GetInt(GitUidSetting, 1, 65534),
        sources.Find(GiteaHostKeySetting) is { } key
            ? SettingPaths.AbsoluteOnHost(key.Value, key.Origin, GiteaHostKeySetting)
            : $"{DataDirectory.PathsOrDefaults(variables)[1]}/{GiteaSshPlan.HostKeyUnderFilesDir}")
    {
        Preparation = HostPreparationSettings.Read(sources),
        Volume = VolumeSettings.Read(sources),
        Maintenance = MaintenanceSettings.Read(sources),
        DataDisks = DataDiskSettings.Read(sources),
    };

    /// <summary>The mounts the disk checks expect: the data directories, unless the host keeps them on its root filesystem on purpose.</summary>
    private static IReadOnlyList<string> ExpectedDataMounts(SettingSources sources, StackVariables variables) =>
        sources.Find(DataMountsSetting) is not null ? sources.GetList(DataMountsSetting)
        : sources.GetFlag(DataDiskSettings.SingleDiskSetting) ? []
        : DataDirectory.PathsOrDefaults(variables);
}
