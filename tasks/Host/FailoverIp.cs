using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(FailoverIp))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Adds --ip as alias --alias of --interface: an /etc/network/interfaces.d/ file, cloud-init kept from rewriting it, and the address up now when possible.")]
[ChangesHost]
public sealed class FailoverIp : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Host.Maintenance;
        var ip = settings.FailoverIp ?? throw new BuildInputException(
            $"FailoverIp needs {MaintenanceSettings.Ip.Option}, the failover address, e.g. {MaintenanceSettings.Ip.Option}=203.0.113.7 (or {MaintenanceSettings.Ip.EnvironmentVariable}).");
        var notes = new List<string>();
        var changes = context.Services.FailoverIpSetup.Ensure(ip, settings.InterfaceName, settings.AliasNumber, notes);
        context.Services.HostChanges.Report("Failover IP", changes);
        foreach (var note in notes)
        {
            context.Log.Warning(note);
        }
    }
}
