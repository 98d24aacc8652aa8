using PrivateCloud.Tasks.Mail.Dns;
using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Mail;

[TaskName(nameof(MailDnsRecords))]
[TaskCategory(TaskCategories.Mail)]
[TaskDescription("Lists the DNS records the stack needs (MX, SPF, DKIM, DMARC, CAA, SRV, A with --host-ip, the PTR reminder): --format=zone, json or table.")]
[UnsupportedOSPlatform("windows")]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ThisMachineOnly]
public sealed class MailDnsRecords : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var records = MailDnsRecordSet.For(context.Settings, nameof(MailDnsRecords));
        var output = context.Settings.Format switch
        {
            OutputFormat.Json => DnsRecordFormatter.Json(records),
            OutputFormat.Table => DnsRecordFormatter.Table(records),
            _ => DnsRecordFormatter.Zone(records),
        };
        context.StandardOutput.WriteLine(output.TrimEnd('\n'));
        context.StandardOutput.Flush();
    }
}
