using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(PrepareHost))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Installs the missing --packages and creates the directories the stack's volumes bind to, each with the owner and mode its x-owner declares; with --orchestrator=swarm also labels the host's swarm node as the data node.")]
[IsDependentOn(typeof(CheckDataMounts))]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.OrchestratorSetting))]
[ChangesHost]
public sealed class PrepareHost : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var directories = ComposeBindDevices.Read(settings.StackDirectory, settings.Compose.ComposeFiles, name => settings.Variables[name]);
        context.Log.Information(
            "Data directories from the compose file's bind volumes: {0}",
            directories.Count == 0 ? "none" : string.Join(", ", directories.Select(d => $"{d.Path} ({d.Owner})")));

        context.Services.HostChanges.Report(
            "Host preparation",
            context.Services.HostPreparation.Ensure(settings.Host.Preparation.Packages, directories));
        if (settings.Deploy.Orchestrator == Orchestrator.Swarm)
        {
            context.Services.HostChanges.Report("Swarm data node", context.Services.DataNodeLabel.Ensure());
        }
    }
}
