using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Archive;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(RestoreArchive))]
[TaskCategory(TaskCategories.Backup)]
[UnsupportedOSPlatform("windows")]
[TaskDescription("Decrypts the secrets --archive with --archive-passphrase and restores it into --restore-to after checking its integrity and every entry; refuses absolute paths, '..' and links, and existing files unless --force.")]
[ReadsSettings(typeof(ForceFlag), nameof(ForceFlag.Setting))]
[ThisMachineOnly]
public sealed class RestoreArchive : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup.Archive;
        var archive = settings.RequireArchive(nameof(RestoreArchive));
        var directory = settings.RequireDirectory(nameof(RestoreArchive));
        var passphrase = settings.RequirePassphrase(nameof(RestoreArchive));
        if (context.DryRun)
        {
            var check = SecretsArchive.Verify(archive, passphrase);
            context.Log.Information("[dry-run] would restore {0} entries of {1} into {2}{3}.", check.Entries.Count, archive, directory,
                check.Valid ? string.Empty : $", but the archive fails verification: {string.Join("; ", check.Problems)}");
            return;
        }

        var restored = SecretsArchive.Restore(archive, directory, settings.Force, passphrase);
        foreach (var path in restored)
        {
            context.Log.Information("  {0}", path);
        }

        context.Log.Information("Restored {0} files from {1} into {2} (mode 0600).", restored.Count, archive, directory);
    }
}
