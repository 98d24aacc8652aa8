using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.MailTraffic;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(RouteMailTraffic))]
[TaskCategory(TaskCategories.Mail)]
[TaskAlias("MailRouting")]
[TaskDescription("Adds, once, the SNAT rule that sends the mail network's traffic out from MAIL_HOST_IP, and a boot hook that puts it back whenever Docker starts.")]
[ChangesHost]
public sealed class RouteMailTraffic : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.Bootstrap?.SkipReason(nameof(RouteMailTraffic));

    public override void Run(BuildContext context)
    {
        var variables = context.Settings.Variables;
        var hostIp = variables[MailRoutingSetup.HostIpVariable];
        if (string.IsNullOrEmpty(hostIp))
        {
            throw new BuildInputException(
                $"{MailRoutingSetup.HostIpVariable} is not set in {context.Settings.EnvFile}: give the address mail must leave from.");
        }

        var network = context.Settings.Host.MailNetwork;
        var subnet = MailRoutingSetup.Subnet(variables);
        var hook = context.Services.MailRouteBootHook.Ensure(hostIp, network, subnet);
        var result = context.Services.MailRouting.Ensure(hostIp, network, subnet);

        foreach (var advice in new[] { result.BackendAdvice, hook.Advice }.OfType<string>())
        {
            context.Log.Warning(advice);
        }

        context.Services.HostChanges.Report("Mail routing", [.. hook.Changes, .. result.Changes]);
    }
}
