using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Mail.Dkim;

namespace PrivateCloud.Tasks.Mail;

[TaskName(nameof(CreateDkimKey))]
[TaskCategory(TaskCategories.Mail)]
[TaskAlias("DkimKey")]
[TaskDescription("Creates the mail DKIM key (--dkim-key) if it is missing, with its public key and DNS TXT value beside it.")]
[UnsupportedOSPlatform("windows")]
[ThisMachineOnly]
public sealed class CreateDkimKey : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Mail;
        var selector = context.Settings.Variables["DKIM_SELECTOR"];
        if (string.IsNullOrEmpty(selector))
        {
            context.Log.Warning("DKIM_SELECTOR is not set in {0}: the DNS record name cannot be shown.", context.Settings.EnvFile);
        }

        if (context.DryRun)
        {
            context.Log.Information(
                File.Exists(settings.DkimKey) ? "DKIM key {0} exists: it would be kept." : "DKIM key {0} is missing: a {1}-bit RSA key would be created.",
                settings.DkimKey,
                settings.DkimBits);
            return;
        }

        var key = DkimKeyStore.Ensure(settings.DkimKey, settings.DkimBits);
        foreach (var warning in key.Warnings)
        {
            context.Log.Warning(warning);
        }

        context.Log.Information(key.Created ? "Created DKIM key {0}." : "DKIM key {0} exists: kept.", key.PrivateKeyPath);
        foreach (var written in key.Written)
        {
            context.Log.Information("Wrote {0}.", written);
        }

        if (!string.IsNullOrEmpty(selector) && context.Settings.Variables[DkimRecord.SigningDomainVariable] is { Length: > 0 } domain)
        {
            context.Log.Information("DNS: {0} TXT \"{1}\"", DkimRecord.Name(selector, domain), key.TxtValue);
        }
    }
}
