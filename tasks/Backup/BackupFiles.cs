using PrivateCloud.Tasks.Plumbing.Remote;
using System.Globalization;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(BackupFiles))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Lists the files of the newest backup under --path, with their backup times and the live copies' sizes.")]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ReadsHost]
public sealed class BackupFiles : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup;
        var options = settings.RequireDuplicity(nameof(BackupFiles));
        var files = context.Services.Duplicity.Listing.List(options, settings.Path);
        if (context.Settings.Format == OutputFormat.Json)
        {
            JsonOutput.Write(new { target = options.Target, source = options.SourceDirectory, path = settings.Path, files });
            return;
        }

        foreach (var file in files)
        {
            var size = file.LiveSize?.ToString(CultureInfo.InvariantCulture) ?? "-";
            context.Log.Information("{0}  {1,12}  {2}", BackupStatusCheck.Format(file.Time), size, options.SourceDirectory + (file.Path == "." ? string.Empty : file.Path));
        }

        context.Log.Information("{0} entries in the newest backup{1}; sizes are the live copies' ('-': a directory or gone).",
            files.Count, settings.Path is null ? string.Empty : $" under {settings.Path}");
    }
}
