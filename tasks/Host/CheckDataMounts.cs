using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.DataDisks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(CheckDataMounts))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Refuses when DATABASES_DIR or FILES_DIR is not a mount point on the host, naming it, unless --single-disk; PrepareHost and Deploy run it first.")]
[ReadsHost]
public sealed class CheckDataMounts : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var directories = DataDirectory.From(settings.Variables);
        if (settings.Ssh is null || directories.Count == 0)
        {
            context.Log.Information("Data mounts: nothing to check ({0}).", settings.Ssh is null ? "no host" : $"neither {DataDirectory.DatabasesVariable} nor {DataDirectory.FilesVariable} is set");
            return;
        }

        if (settings.Host.DataDisks.SingleDisk)
        {
            context.Log.Information("Data mounts: not checked ({0}=true).", DataDiskSettings.SingleDiskSetting.Option);
            return;
        }

        context.Services.DataMounts.Require(directories, singleDisk: false);
        context.Log.Information("Data mounts: {0} mounted on {1}.", string.Join(" and ", directories.Select(d => d.Path)), context.Remote.Target.Host);
    }
}
