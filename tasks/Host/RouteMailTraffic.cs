using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.MailTraffic;
using PrivateCloud.Tasks.Host.Reporting;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(RouteMailTraffic))]
[TaskCategory(TaskCategories.Mail)]
[TaskAlias("MailRouting")]
[TaskDescription("Adds, once, the SNAT rule that sends the mail network's traffic out from MAIL_HOST_IP.")]
public sealed class RouteMailTraffic : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var variables = context.Settings.Variables;
        var hostIp = variables[MailRoutingSetup.HostIpVariable];
        if (string.IsNullOrEmpty(hostIp))
        {
            throw new BuildInputException(
                $"{MailRoutingSetup.HostIpVariable} is not set in {context.Settings.EnvFile}: give the address mail must leave from.");
        }

        var result = context.Services.MailRouting.Ensure(
            hostIp, context.Settings.Host.MailNetwork, variables[MailRoutingSetup.SubnetVariable] is { Length: > 0 } subnet ? subnet : null);

        if (result.BackendAdvice is not null)
        {
            context.Log.Warning(result.BackendAdvice);
        }

        HostChanges.Report(context, "Mail routing", result.Changes);
    }
}
