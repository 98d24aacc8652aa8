using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Archive;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(ArchiveSecrets))]
[TaskCategory(TaskCategories.Backup)]
[UnsupportedOSPlatform("windows")]
[TaskDescription("Archives what is not in git but rebuilds the stack (.env, DKIM key, rendered configuration, compose overrides) into <--artifacts>/secrets-<UTC time>.tar.gz.gpg, 0600, with SHA-256 sums inside, encrypted with --archive-passphrase (gpg -d opens it).")]
[ThisMachineOnly]
public sealed class ArchiveSecrets : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var passphrase = settings.Backup.Archive.RequireNewPassphrase(nameof(ArchiveSecrets));
        var entries = SecretFiles.Find(settings.StackDirectory, settings.EnvFile, settings.EnvFileIsFallback, settings.Mail.DkimKey, settings.Configuration.Templates);
        foreach (var entry in entries)
        {
            context.Log.Information("  {0}", entry.Name);
        }

        if (context.DryRun)
        {
            context.Log.Information("[dry-run] would write {0} files into a new encrypted secrets archive in {1}.", entries.Count, settings.Backup.Archive.ArtifactsDirectory);
            return;
        }

        var archive = SecretsArchive.Create(entries, settings.Backup.Archive.ArtifactsDirectory, DateTimeOffset.UtcNow, passphrase);
        context.Log.Information("Wrote {0} ({1} files and their SHA-256 manifest, encrypted with {2}, mode 0600).",
            archive, entries.Count, ArchiveSettings.ArchivePassphrase.EnvironmentVariable);
    }
}
