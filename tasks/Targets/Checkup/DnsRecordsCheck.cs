using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Mail.Dns;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Targets.Checkup;

/// <summary>What VerifyDns finds, as a verdict: a required record missing, different or unanswered fails; a recommended one warns.</summary>
public sealed class DnsRecordsCheck(BuildSettings settings, Func<DnsVerifier> verifier) : IHealthCheck
{
    public string Name => nameof(VerifyDns);

    public CheckResult Run(CancellationToken cancellation)
    {
        if (OperatingSystem.IsWindows())
        {
            return new CheckResult(Name, CheckState.NotConfigured, "reading the DKIM key needs Unix file modes: run Doctor from Linux or macOS");
        }

        // A missing variable or DKIM key throws BuildInputException, which the runner reports as not configured.
        var records = MailDnsRecordSet.ForVerification(settings, Name);
        var checks = verifier().VerifyAsync(records, cancellation).GetAwaiter().GetResult();
        var details = checks
            .Select(check => new CheckResult(
                $"{check.Record.Type} {check.Record.Name}",
                check.Status == DnsCheckStatus.Ok ? CheckState.Ok : check.Record.Required ? CheckState.Fail : CheckState.Warn,
                check.Status == DnsCheckStatus.Ok ? "ok" : check.Problem ?? check.Status.ToString().ToLowerInvariant()))
            .ToList();
        return CheckResult.Summary(Name, details, "no record to check");
    }
}
