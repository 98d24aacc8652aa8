using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Volumes;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(GrowVolume))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Grows the ext4 filesystem at --mount into the free space of its bigger --device (unmount, grow partition, e2fsck, resize2fs, mount); refuses while containers use it.")]
[ChangesHost]
public sealed class GrowVolume : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var (device, mount) = context.Settings.Host.Volume.Require(nameof(GrowVolume));
        context.Services.HostChanges.Report("Grow volume", context.Services.VolumeGrower.Ensure(device, mount));
    }
}
