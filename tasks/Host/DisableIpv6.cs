using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(DisableIpv6))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Turns IPv6 off on the host now (sysctl) and at every boot (/etc/sysctl.d/90-disable-ipv6.conf).")]
[ChangesHost]
public sealed class DisableIpv6 : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        context.Services.HostChanges.Report("Disable IPv6", context.Services.Ipv6Disabler.Ensure());
}
