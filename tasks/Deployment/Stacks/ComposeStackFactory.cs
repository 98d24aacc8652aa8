using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Releases;
using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Deployment.Stacks;

/// <summary>Chooses where compose runs: an engine given directly, else --host over SSH, else the local engine.</summary>
public static class ComposeStackFactory
{
    public static IComposeStack Create(BuildContext context)
    {
        var settings = context.Settings;
        var deploy = settings.Deploy;
        if (!deploy.DirectEngine && settings.Ssh is not null)
        {
            var releases = new ReleaseUploader(context.Remote, deploy.RemoteDirectory, line => context.Log.Information(line));
            var project = new ComposeProject(
                Checked(settings).Name,
                releases.CurrentPath,
                settings.Compose.ComposeFiles,
                ReleaseManifest.EnvFileName);
            return new RemoteComposeStack(
                new RemoteCompose(context.Remote, project, context.Redactor, line => context.Log.Information(line), settings.Compose.Implementation),
                releases);
        }

        if (!deploy.DirectEngine)
        {
            context.Log.Information("No {0}: compose runs against the local Docker engine.", CoreSettings.Host.Option);
        }

        var compose = new ComposeCli(context.Commands, context.LocalCompose.Value, Checked(settings), deploy.Engine);
        return new LocalComposeStack(compose, deploy.Engine, context.DryRun, line => context.Log.Information(line));
    }

    private static ComposeProject Checked(BuildSettings settings) =>
        settings.Compose.Project(settings.StackDirectory, settings.EnvFile);

    /// <summary>The releases on the host, for the tasks that only make sense with them.</summary>
    public static ReleaseUploader RequireReleases(BuildContext context, string task) =>
        context.Stack.Releases
        ?? throw new BuildInputException(
            $"{task} works on releases on the host: give {CoreSettings.Host.Option} (compose now runs against {context.Stack.Location}).");
}
