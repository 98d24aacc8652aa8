using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Mail.Dns;
using PrivateCloud.Tasks.Plumbing.Disk;
using PrivateCloud.Tasks.Stacks;

namespace PrivateCloud.Tasks.Targets.Checkup;

/// <summary>
/// What Doctor's checks read, each made on first use: a check that cannot run in this run (no --host)
/// is never asked, so it never connects.
/// </summary>
public sealed record HealthSources(
    Func<IComposeStack> Stack,
    Func<DiskUsageCheck> DiskUsage,
    Func<DnsVerifier> MailDns,
    Func<BackupStatusCheck> BackupStatus);
