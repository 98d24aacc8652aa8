using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Disk;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(CheckDiskUsage))]
[TaskCategory(TaskCategories.Checks)]
[TaskAlias("DiskUsage")]
[TaskDescription("Shows the host's filesystems and data mounts; warns above --disk-warn percent and fails above --disk-fail.")]
[ReadsHost]
public sealed class CheckDiskUsage : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Host;
        var report = context.Services.DiskUsage.Check(settings.Disk, settings.DataMounts);

        foreach (var finding in report.Filesystems)
        {
            var usage = finding.Usage;
            var line = $"{usage.MountPoint,-24} {usage.UsePercent,3}% used, {usage.AvailableKiB / 1024,8} MiB free ({usage.Device})";
            switch (finding.Level)
            {
                case DiskLevel.Fail: context.Log.Error("{0}  above {1}%", line, settings.Disk.FailPercent); break;
                case DiskLevel.Warn: context.Log.Warning("{0}  above {1}%", line, settings.Disk.WarnPercent); break;
                default: context.Log.Information(line); break;
            }
        }

        foreach (var missing in report.MissingMounts)
        {
            context.Log.Error("{0} is not mounted: its data would fill the root filesystem.", missing);
        }

        foreach (var unreadable in report.Unreadable)
        {
            context.Log.Warning(unreadable);
        }

        if (report.Level == DiskLevel.Fail)
        {
            throw new InvalidOperationException(
                $"Disk usage on {context.Remote.Target} needs attention: see the lines above (limit --disk-fail={settings.Disk.FailPercent}%).");
        }
    }
}
