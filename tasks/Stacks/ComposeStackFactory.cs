using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Stacks;

/// <summary>Chooses where compose (or, with --orchestrator=swarm, the swarm manager) runs: an engine given directly, else --host over SSH, else the local engine.</summary>
public static class ComposeStackFactory
{
    public static IComposeStack Create(BuildContext context)
    {
        var settings = context.Settings;
        var deploy = settings.Deploy;
        if (!deploy.DirectEngine && settings.Ssh is not null)
        {
            var releases = new ReleaseStore(context.Remote, deploy.RemoteDirectory, line => context.Log.Information(line));
            var project = new ComposeProject(
                Checked(settings).Name,
                releases.CurrentPath,
                settings.Compose.ComposeFiles,
                ReleaseManifest.EnvFileName);
            // A Deploy found the host's composes as it read the host: starting one to ask its version would cost a round trip.
            var remote = new RemoteCompose(
                context.Remote, project, context.Redactor, line => context.Log.Information(line), settings.Compose.Implementation,
                () => context.DeploySession.Run.Host?.Compose(settings.Compose.Implementation));
            return deploy.Orchestrator == Orchestrator.Swarm
                ? Swarm(context, new RemoteSwarmEngine(context.Remote, remote, line => context.Log.Information(line)), project, releases)
                : new RemoteComposeStack(remote, releases);
        }

        if (!deploy.DirectEngine)
        {
            context.Log.Information("No {0}: compose runs against the local Docker engine.", CoreSettings.Host.Option);
        }

        var compose = new ComposeCli(context.Commands, context.LocalCompose.Value, Checked(settings), deploy.Engine);
        return deploy.Orchestrator == Orchestrator.Swarm
            ? Swarm(context, new LocalSwarmEngine(context.Commands, compose, context.LocalCompose.Value, deploy.Engine, context.DryRun, line => context.Log.Information(line)), compose.Project, null)
            : new LocalComposeStack(compose, deploy.Engine, context.DryRun, line => context.Log.Information(line));
    }

    private static SwarmStack Swarm(BuildContext context, ISwarmEngine engine, ComposeProject project, ReleaseStore? releases)
    {
        var settings = context.Settings;
        var options = new SwarmStackOptions(
            project,
            releases?.CurrentPath ?? settings.StackDirectory,
            settings.Compose.ComposeFiles,
            releases is null ? Path.GetRelativePath(settings.StackDirectory, settings.EnvFile) : ReleaseManifest.EnvFileName,
            settings.Deploy.RegistryAddress,
            settings.Deploy.HealthTimeout,
            context.DryRun);
        return new SwarmStack(engine, options, releases, context.Redactor, line => context.Log.Information(line), line => context.Log.Warning(line));
    }

    private static ComposeProject Checked(BuildSettings settings) =>
        settings.Compose.Project(settings.StackDirectory, settings.EnvFile);

    /// <summary>On a swarm, refuses images its other nodes could not pull, from the stack's compose files, before anything changes.</summary>
    public static void RefuseUnpullableImages(BuildContext context)
    {
        if (context.Stack is SwarmStack swarm)
        {
            var settings = context.Settings;
            swarm.RefuseUnpullableImages([.. settings.Compose.ComposeFiles.Select(file => (file, File.ReadAllText(Path.Combine(settings.StackDirectory, file))))]);
        }
    }

    /// <summary>The releases on the host, for the tasks that only make sense with them.</summary>
    public static ReleaseStore RequireReleases(BuildContext context, string task) =>
        context.Stack.Releases
        ?? throw new BuildInputException(
            $"{task} works on releases on the host: give {CoreSettings.Host.Option} (compose now runs against {context.Stack.Location}).");
}
