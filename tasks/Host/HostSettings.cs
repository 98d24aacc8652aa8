using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Host;

public sealed record HostSettings(DiskThresholds Disk, IReadOnlyList<string> DataMounts, string MailNetwork, int GitUid)
{
    public static readonly Setting DiskWarn = new(DiskThresholds.WarnSetting[2..], "DiskUsage warns above this use percentage.", "85");

    public static readonly Setting DiskFail = new(DiskThresholds.FailSetting[2..], "DiskUsage fails above this use percentage.", "95");

    public static readonly Setting DataMountsSetting = new(
        "data-mounts", "The host's data mount points, comma-separated.", "/mnt/databases,/mnt/files");

    public static readonly Setting MailNetworkSetting = new(
        "mail-network", "The Docker network whose traffic leaves from MAIL_HOST_IP.", "<project>_mail");

    public static readonly Setting GitUidSetting = new(
        "git-uid", "uid and gid of the host's git user, the same as Gitea's container.", GiteaSshPlan.DefaultId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static IReadOnlyList<Setting> Definitions { get; } = [DiskWarn, DiskFail, DataMountsSetting, MailNetworkSetting, GitUidSetting];

    public static HostSettings Read(SettingSources sources, string projectName) => new(
        new DiskThresholds(sources.GetInt(DiskWarn, 0, 100), sources.GetInt(DiskFail, 0, 100)),
        sources.GetList(DataMountsSetting),
        sources.Find(MailNetworkSetting)?.Value ?? $"{projectName}_mail",
        sources.GetInt(GitUidSetting, 1, 65534));
}
