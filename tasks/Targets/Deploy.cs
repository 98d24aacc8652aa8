using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Git;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Host.MailTraffic;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Targets;

[TaskName(nameof(Deploy))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("The whole deploy: submodules, configuration, validation, upload, build, switch, up, health; then prunes old releases. Refuses before anything runs while a secret still holds .env.dist's public example.")]
[IsDependentOn(typeof(UpdateSubmodules))]
[IsDependentOn(typeof(RenderConfiguration))]
[IsDependentOn(typeof(ValidateCompose))]
[IsDependentOn(typeof(CheckDataMounts))]
[IsDependentOn(typeof(UploadRelease))]
[IsDependentOn(typeof(BuildImages))]
[IsDependentOn(typeof(SwitchRelease))]
[IsDependentOn(typeof(Up))]
[IsDependentOn(typeof(WaitHealthy))]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location), nameof(StackSettings.Registry))]
[ReadsSettings(typeof(DeploySettings), nameof(DeploySettings.KeepReleases))]
[ReadsSettings(typeof(HostSettings), nameof(HostSettings.MailNetworkSetting))]
[ReadsSettings(typeof(ForceFlag), nameof(ForceFlag.Setting))]
[ChangesHost]
public sealed class Deploy : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        EnsureMailRoute(context);
        var run = context.DeploySession.Run;
        var plan = context.DeploySession.Plan;
        if (context.Stack.Releases is { } releases)
        {
            // What was read before the upload still holds, plus the release this run made current.
            var made = context.DryRun ? null : plan.NewRelease;
            var listed = run.Host is { } host ? host.Releases.Append(made).OfType<string>().Order(StringComparer.Ordinal).ToList() : null;
            var current = made ?? run.Host?.Manifest?.ReleaseId;
            foreach (var pruned in releases.Prune(context.Settings.Deploy.KeepReleaseCount, listed, current))
            {
                context.Log.Information("Old release {0}: {1}.", pruned, DryRunWording.Verb(context.DryRun, "remove", "removed"));
            }
        }

        context.Log.Information("Plan: {0}", plan.Summary);
        if (run.Upload is { Unchanged: true } && run.ContainersChanged == 0)
        {
            context.Log.Information(
                DryRunWording.Pick(
                    context.DryRun,
                    "Deploy would change nothing: release {0} is current and every container up to date.",
                    "Deploy changed nothing: release {0} was already current and every container up to date."),
                run.Upload.ReleaseId);
        }
        else
        {
            context.Log.Information(
                DryRunWording.Pick(context.DryRun, "Dry run: would deploy {0} to the {1}; {2} container(s) would change.", "Deployed {0} to the {1}; {2} container(s) changed."),
                run.Upload is null ? "the stack" : $"release {run.Upload.ReleaseId}",
                context.Stack.Location,
                run.ContainersChanged);
        }
    }

    /// <summary>
    /// Up may have recreated the mail network with another subnet, whose traffic would then leave
    /// from the wrong address until someone ran RouteMailTraffic again: each Deploy puts the rule back.
    /// </summary>
    private static void EnsureMailRoute(BuildContext context)
    {
        var settings = context.Settings;
        if (settings.Variables[MailRoutingSetup.HostIpVariable] is not { Length: > 0 } hostIp || !context.Stack.RunsContainersOnTheHost)
        {
            return;
        }

        if (context.DryRun)
        {
            // A first Deploy's mail network does not exist yet, so its subnet cannot be read before Up.
            context.Log.Information("Mail routing: a real Deploy puts the SNAT rule for MAIL_HOST_IP back after Up.");
            return;
        }

        var result = context.Services.MailRouting.Ensure(hostIp, settings.Host.MailNetwork, MailRoutingSetup.Subnet(settings.Variables));
        context.Services.HostChanges.Report("Mail routing", result.Changes);
    }
}
