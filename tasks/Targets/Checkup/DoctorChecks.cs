using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Targets.Checkup;

/// <summary>
/// Every check Doctor runs, from the run's settings: each reads what the task of its area shows alone
/// (ShowStatus, CheckDiskUsage, CheckEndpoints, VerifyDns, BackupStatus), so Doctor sits above the areas.
/// A new check implements <see cref="IHealthCheck"/> and is added to <see cref="All"/>.
/// </summary>
public static class DoctorChecks
{
    public static IReadOnlyList<IHealthCheck> All(BuildSettings settings, HealthSources sources, EndpointsCheck endpoints)
    {
        var hasHost = settings.Ssh is not null;
        var hasStack = hasHost || settings.Deploy.DirectEngine;
        return
        [
            new ServicesCheck(hasStack ? sources.Stack : null),
            new DiskCheck(hasHost ? sources.DiskUsage : null, settings.Host.Disk, settings.Host.DataMounts),
            endpoints,
            new DnsRecordsCheck(settings, sources.MailDns),
            new BackupCheck(hasHost ? sources.BackupStatus : null, settings.Backup, TimeProvider.System),
        ];
    }
}
