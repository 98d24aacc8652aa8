using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Host.DataDisks;
using PrivateCloud.Tasks.Mail.Dns;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Mail;

namespace PrivateCloud.Tasks.Targets;

[TaskName(nameof(Preflight))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Checks, changing nothing, what a first install needs of the host: SSH and sudo without a password, the host tasks' tools, Docker and compose, the data mounts, every routed name and MAIL_DOMAIN resolving to --host-ip, and ports 80, 443 and the mail ports; --format=json.")]
[UnsupportedOSPlatform("windows")]
[ReadsSettings(typeof(DataDiskSettings), nameof(DataDiskSettings.SingleDiskSetting))]
[ReadsSettings(typeof(MailSettings), nameof(MailSettings.HostIpSetting), nameof(MailSettings.DnsServerSetting), nameof(MailSettings.DnsTimeoutSetting))]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ReadsHost]
public sealed class Preflight : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var addresses = settings.Mail.HostIp is null
            ? []
            : MailDnsRecordSet.Create(RequiredVariables.Of(settings, nameof(Preflight)), settings.Variables, dkimTxt: string.Empty, settings.Mail, TraefikRoutes.Of(settings))
                .Where(record => record.Type is "A" or "AAAA").ToList();
        var results = context.Services.Preflight.Run(DataDirectory.From(settings.Variables), settings.Host.DataDisks.SingleDisk, addresses);
        var report = new HealthReport(results, DateTimeOffset.UtcNow);
        try
        {
            context.Services.Health.Output.Show(report, nameof(Preflight));
        }
        catch (TaskExitCodeException) when (context.Bootstrap is not null && report.Worst != CheckState.Fail)
        {
            // A warning or a check without its setting does not stop an install; a failure would stop a later step anyway.
            context.Log.Warning("Bootstrap goes on: no pre-flight check failed.");
        }
    }
}
