using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Plumbing.Disk;

namespace PrivateCloud.Tasks.Targets.Checkup;

/// <summary>What DiskUsage shows, as a verdict: the fullest filesystem against the thresholds, and data mounts missing.</summary>
public sealed class DiskCheck(Func<DiskUsageCheck>? disks, DiskThresholds thresholds, IReadOnlyList<string> dataMounts) : IHealthCheck
{
    public string Name => nameof(Host.CheckDiskUsage);

    public CheckResult Run(CancellationToken cancellation)
    {
        if (disks is null)
        {
            return new CheckResult(Name, CheckState.NotConfigured, "no --host to read the disks of");
        }

        var report = disks().Check(thresholds, dataMounts);
        var details = report.Filesystems
            .Select(f => new CheckResult(f.Usage.MountPoint, State(f.Level), Describe(f.Usage)))
            .Concat(report.MissingMounts.Select(m => new CheckResult(m, CheckState.Fail, "not mounted: its data would fill the root filesystem")))
            .ToList();
        if (details.Count == 0)
        {
            return new CheckResult(Name, CheckState.Warn, "df listed no filesystem to judge") { Details = details };
        }

        var summary = CheckResult.Summary(Name, details, string.Empty);
        if (summary.State != CheckState.Ok)
        {
            return summary;
        }

        var fullest = report.Filesystems.MaxBy(f => f.Usage.UsePercent)!.Usage;
        return summary with { Line = string.Create(CultureInfo.InvariantCulture, $"{details.Count} filesystems below {thresholds.WarnPercent}%; fullest {fullest.MountPoint} at {fullest.UsePercent}%") };
    }

    private static CheckState State(DiskLevel level) => level switch
    {
        DiskLevel.Ok => CheckState.Ok,
        DiskLevel.Warn => CheckState.Warn,
        _ => CheckState.Fail,
    };

    private static string Describe(FilesystemUsage usage) =>
        string.Create(CultureInfo.InvariantCulture, $"{usage.UsePercent}% used, {usage.AvailableKiB / 1024} MiB free ({usage.Device})");
}
