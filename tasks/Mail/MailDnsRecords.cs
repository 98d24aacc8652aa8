using PrivateCloud.Tasks.Mail.Dns;
using System.Runtime.Versioning;
using Cake.Core;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Mail;

[TaskName(nameof(MailDnsRecords))]
[TaskCategory(TaskCategories.Mail)]
[TaskDescription("Lists the DNS records the stack needs (MX, SPF, DKIM, DMARC, CAA, SRV, A with --host-ip, the PTR reminder): --format=zone, json or table.")]
[UnsupportedOSPlatform("windows")]
public sealed class MailDnsRecords(IConsole console) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var records = MailDnsRecordSet.For(context.Settings, nameof(MailDnsRecords));
        var output = context.Settings.Mail.Format switch
        {
            null or "zone" => DnsRecordFormatter.Zone(records),
            "json" => DnsRecordFormatter.Json(records),
            "table" => DnsRecordFormatter.Table(records),
            var other => throw new BuildInputException($"{CoreSettings.Format.Option}={other}: MailDnsRecords prints zone (the default), json or table."),
        };
        console.WriteLine("{0}", output.TrimEnd('\n'));
    }
}
