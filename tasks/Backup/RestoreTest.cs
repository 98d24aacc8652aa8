using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(RestoreTest))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Restores --path from the newest backup into a temporary directory on the host, compares checksums with the live copy, then removes the directory.")]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ChangesHost]
public sealed class RestoreTest : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup;
        var options = settings.RequireDuplicity(nameof(RestoreTest));
        var path = settings.RequirePath(nameof(RestoreTest));
        if (path.StartsWith('/') && !path.StartsWith(options.SourceDirectory, StringComparison.Ordinal))
        {
            throw new BuildInputException($"{BackupSettings.PathSetting.Option}={path} is outside the backup, whose source is {options.SourceDirectory}.");
        }

        var result = context.Services.Duplicity.Restore.Test(options, path);
        if (context.Settings.Format == OutputFormat.Json)
        {
            JsonOutput.Write(new { passed = result.Passed, summary = result.Summary, result.FilesCompared, result.Mismatches, path, target = options.Target });
        }
        else
        {
            foreach (var mismatch in result.Mismatches)
            {
                context.Log.Warning("  {0}", mismatch);
            }
        }

        if (!result.Passed)
        {
            throw new InvalidOperationException($"RestoreTest failed: {result.Summary}.");
        }

        context.Log.Information("RestoreTest: {0}.", result.Summary);
    }
}
