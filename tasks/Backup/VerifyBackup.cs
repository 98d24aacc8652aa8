using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(VerifyBackup))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Runs duplicity verify --compare-data on the host: fails on any difference (listing up to --max-differences), a corrupted volume, or a missing summary.")]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ReadsHost]
public sealed class VerifyBackup : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup;
        var options = settings.RequireDuplicity(nameof(VerifyBackup));
        var result = context.Services.Duplicity.Verifier.Verify(options, settings.MaxDifferences);
        if (context.Settings.Format == OutputFormat.Json)
        {
            JsonOutput.Write(new { passed = result.Passed, summary = result.Summary, result.FilesCompared, result.Corrupted, result.Differences, target = options.Target });
        }
        else
        {
            foreach (var difference in result.Differences)
            {
                context.Log.Warning("  {0}", difference);
            }
        }

        if (!result.Passed)
        {
            throw new InvalidOperationException($"VerifyBackup failed: {result.Summary}.");
        }

        context.Log.Information("VerifyBackup: {0} ({1}).", result.Summary, options.Target);
    }
}
