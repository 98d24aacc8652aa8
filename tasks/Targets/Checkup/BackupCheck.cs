using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Targets.Checkup;

/// <summary>What BackupStatus judges, as a verdict: is the newest backup fresh and its chain complete.</summary>
public sealed class BackupCheck(Func<BackupStatusCheck>? status, BackupSettings settings, TimeProvider clock) : IHealthCheck
{
    public string Name => nameof(BackupStatus);

    public CheckResult Run(CancellationToken cancellation)
    {
        if (status is null)
        {
            return new CheckResult(Name, CheckState.NotConfigured, "no --host to read the backups from");
        }

        if (settings.Target is null)
        {
            return new CheckResult(Name, CheckState.NotConfigured, $"no backup target: give {BackupSettings.BackupTarget.Option}");
        }

        var result = status().Evaluate(settings.RequireDuplicity(Name), settings.MaxAge, clock.GetUtcNow());
        return new CheckResult(Name, State(result.State), result.Summary);
    }

    private static CheckState State(BackupState state) => state switch
    {
        BackupState.Ok => CheckState.Ok,
        BackupState.Warn => CheckState.Warn,
        BackupState.NotConfigured => CheckState.NotConfigured,
        _ => CheckState.Fail,
    };
}
