using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(BuildImages))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Builds the images of the services whose build context changed since the current release; --services, --pull and --no-cache build as asked. A failed build discards the new release and leaves the running one alone.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ChangesHost]
public sealed class BuildImages : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.DeploySession.Plan.BuildSkipReason;

    public override void Run(BuildContext context)
    {
        var deploy = context.Settings.Deploy;
        var plan = context.DeploySession.Plan;
        var release = plan.NewRelease;
        if (context.Stack.Releases is null)
        {
            // With releases, UploadRelease refused already, before it uploaded.
            ComposeStackFactory.RefuseUnpullableImages(context.Stack, context.Settings);
        }

        var services = deploy.ServiceSubset;
        if (plan.ServicesToBuild is { } changed)
        {
            context.Log.Information("Building {0}: their build context changed since release {1}.", string.Join(", ", changed), context.DeploySession.Run.Host?.Manifest?.ReleaseId);
            services = changed;
        }

        try
        {
            context.Stack.Build(services, deploy.PullImages, deploy.WithoutCache, release);
        }
        catch (Exception) when (context.Stack.Releases is { } releases && release is not null)
        {
            releases.Discard(release);
            var current = releases.CurrentId();
            context.Log.Error(
                "The build failed: release {0} is discarded; {1} and its containers stay as they were.",
                release,
                current ?? "no release");
            RestoreImages(context, services, current);
            throw;
        }
    }

    /// <summary>
    /// A failed build may have tagged some of its images already, while the next Deploy builds only
    /// what changed since the current release: the current release's images are built again (from
    /// the cache), so a service that release and the next share never keeps the discarded one's image.
    /// </summary>
    private static void RestoreImages(BuildContext context, IReadOnlyList<string> services, string? current)
    {
        if (current is null)
        {
            return;
        }

        try
        {
            context.Stack.Build(services, pull: false, noCache: false, current);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Log.Warning(
                "The images of release {0} could not be built again ({1}): run the next Deploy with --no-cache, which builds every image.",
                current,
                ex.Message);
        }
    }
}
