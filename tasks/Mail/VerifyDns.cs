using PrivateCloud.Tasks.Mail.Dns;
using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Mail;

[TaskName(nameof(VerifyDns))]
[TaskCategory(TaskCategories.Mail)]
[TaskDescription("Asks DNS (--dns-server, else the system resolvers) for every record of MailDnsRecords at once, and for the CAA covering each routed name and MAIL_DOMAIN; fails when a required one is missing, different or unanswered.")]
[UnsupportedOSPlatform("windows")]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ThisMachineOnly]
public sealed class VerifyDns : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Mail;
        var json = context.Settings.Format switch
        {
            OutputFormat.Text => false,
            OutputFormat.Json => true,
            var other => throw new BuildInputException($"{OutputFormats.Setting.Option}={other.ToString().ToLowerInvariant()}: VerifyDns prints text (the default) or json."),
        };

        var records = MailDnsRecordSet.ForVerification(context.Settings, nameof(VerifyDns));
        context.Log.Information("Asking {0} for {1} records.", settings.DnsServerText, records.Count);
        var checks = context.Services.MailDns.VerifyAsync(records).GetAwaiter().GetResult();
        context.StandardOutput.WriteLine((json ? DnsCheckReport.Json(checks) : DnsCheckReport.Table(checks)).TrimEnd('\n'));
        context.StandardOutput.Flush();

        var failed = checks.Where(check => check.Fails).ToList();
        if (failed.Count > 0)
        {
            throw new DnsCheckFailedException(
                $"{failed.Count} required DNS record(s) not as expected on {settings.DnsServerText}: "
                + string.Join(", ", failed.Select(check => $"{check.Record.Type} {check.Record.Name} {check.Status.ToString().ToLowerInvariant()}")));
        }

        context.Log.Information("Every required record is in place ({0} of {1} records ok).", checks.Count(c => c.Status == DnsCheckStatus.Ok), checks.Count);
    }
}
