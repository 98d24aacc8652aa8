using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.DataDisks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(MountDataVolumes))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Mounts --databases-device at DATABASES_DIR and --files-device at FILES_DIR as MountVolume does (--format-device, --partition); Bootstrap's second step.")]
[ChangesHost]
public sealed class MountDataVolumes : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) =>
        context.Settings.Host.DataDisks is { DatabasesDevice: null, FilesDevice: null }
            ? $"no {DataDiskSettings.DatabasesDeviceSetting.Option} or {DataDiskSettings.FilesDeviceSetting.Option} given: the data volumes are mounted already, or the host has one disk."
            : null;

    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var disks = settings.Host.DataDisks;
        var volume = settings.Host.Volume;
        foreach (var (device, variable) in new[] { (disks.DatabasesDevice, DataDirectory.DatabasesVariable), (disks.FilesDevice, DataDirectory.FilesVariable) })
        {
            if (device is null)
            {
                continue;
            }

            var mount = DataDirectory.From(settings.Variables).FirstOrDefault(directory => directory.Variable == variable)?.Path
                ?? throw new BuildInputException($"{device} is to be mounted at {variable}, which is not set in {settings.EnvFile}.");
            context.Services.HostChanges.Report($"Mount volume {mount}", context.Services.VolumeMounter.Ensure(device, mount, volume.Format, volume.Partition));
        }
    }
}
