using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Volumes;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(MountVolume))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Mounts --device at --mount with an fstab entry by UUID; --format-device partitions and formats it only when it is blank.")]
[ChangesHost]
public sealed class MountVolume : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var volume = context.Settings.Host.Volume;
        var (device, mount) = volume.Require(nameof(MountVolume));
        context.Services.HostChanges.Report("Mount volume", context.Services.VolumeMounter.Ensure(device, mount, volume.Format, volume.Partition));
    }
}
