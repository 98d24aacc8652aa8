using PrivateCloud.Tasks.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Archive;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(RestoreArchive))]
[TaskCategory(TaskCategories.Backup)]
[UnsupportedOSPlatform("windows")]
[TaskDescription("Restores the secrets --archive into --restore-to after checking every entry; refuses absolute paths, '..' and links, and existing files unless --force.")]
[ThisMachineOnly]
public sealed class RestoreArchive : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup.Archive;
        var archive = settings.RequireArchive(nameof(RestoreArchive));
        var directory = settings.RequireDirectory(nameof(RestoreArchive));
        if (context.DryRun)
        {
            var check = SecretsArchive.Verify(archive);
            context.Log.Information("[dry-run] would restore {0} entries of {1} into {2}{3}.", check.Entries.Count, archive, directory,
                check.Valid ? string.Empty : $", but the archive fails verification: {string.Join("; ", check.Problems)}");
            return;
        }

        var restored = SecretsArchive.Restore(archive, directory, settings.Force);
        foreach (var path in restored)
        {
            context.Log.Information("  {0}", path);
        }

        context.Log.Information("Restored {0} files from {1} into {2} (mode 0600).", restored.Count, archive, directory);
    }
}
