using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Stacks;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Host.Reporting;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(PrepareHost))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Installs the missing --packages, creates the directories the stack's volumes bind to (or --data-dirs), and gives --mail-dir group MAIL_VOLUME_GROUP, mode 2775; with --orchestrator=swarm also labels the host's swarm node as the data node.")]
[IsDependentOn(typeof(CheckDataMounts))]
public sealed class PrepareHost : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var preparation = settings.Host.Preparation;
        var group = settings.Variables[HostPreparation.MailGroupVariable] ?? string.Empty;
        var dataDirs = preparation.DataDirs
            ?? ComposeBindDevices.Read(settings.StackDirectory, settings.Compose.ComposeFiles, name => settings.Variables[name]);
        if (preparation.DataDirs is null)
        {
            context.Log.Information(
                "Data directories from the compose file's bind volumes: {0}", dataDirs.Count == 0 ? "none" : string.Join(", ", dataDirs));
        }

        if (group.Length == 0)
        {
            throw new BuildInputException(
                $"{HostPreparation.MailGroupVariable} is not set in {settings.EnvFile}: give the group (name or gid) the mail containers write {preparation.MailDir} as.");
        }

        HostChanges.Report(
            context,
            "Host preparation",
            context.Services.HostPreparation.Ensure(preparation.Packages, dataDirs, preparation.MailDir, group));
        if (settings.Deploy.Orchestrator == Orchestrator.Swarm)
        {
            HostChanges.Report(context, "Swarm data node", context.Services.DataNodeLabel.Ensure());
        }
    }
}
