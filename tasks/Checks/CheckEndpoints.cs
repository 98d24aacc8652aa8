using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Checks;

[TaskName(nameof(CheckEndpoints))]
[TaskCategory(TaskCategories.Checks)]
[TaskDescription("Checks every name Traefik routes (each Host() of the compose file's router rules) over HTTPS and the mail ports of MAIL_DOMAIN: certificate trust, name, expiry and key size, HTTP status and HSTS, STARTTLS, AUTH, IMAP LOGIN, and TLS 1.0 and 1.1 refused (asked with openssl).")]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ReadsHost]
public sealed class CheckEndpoints : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.Bootstrap?.SkipReason(nameof(CheckEndpoints));

    public override void Run(BuildContext context)
    {
        var health = context.Services.Health;
        var run = health.Runner.Run([health.Endpoints], CancellationToken.None);
        var summary = run.Results[0];
        health.Output.Show(run with { Results = summary.Details.Count > 0 ? summary.Details : [summary] }, nameof(CheckEndpoints));
    }
}
