using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Stacks;

/// <summary>Chooses where compose (or, with --orchestrator=swarm, the swarm manager) runs: an engine given directly, else --host over SSH, else the local engine.</summary>
public static class ComposeStackFactory
{
    /// <param name="remote">The shell on --host; asked only when compose runs there.</param>
    /// <param name="hostCompose">The compose this run already found on the host, if a Deploy read it.</param>
    public static IComposeStack Create(
        BuildSettings settings,
        Func<RemoteShell> remote,
        CommandRunner commands,
        Lazy<ComposeTool> localCompose,
        SecretRedactor redactor,
        Func<ComposeTool?> hostCompose,
        Action<string> log,
        Action<string> warn)
    {
        var deploy = settings.Deploy;
        if (!deploy.DirectEngine && settings.Ssh is not null)
        {
            var shell = remote();
            var releases = new ReleaseStore(shell, deploy.RemoteDirectory, log);
            var project = new ComposeProject(
                Checked(settings).Name,
                releases.CurrentPath,
                settings.Compose.ComposeFiles,
                ReleaseManifest.EnvFileName);
            // A Deploy found the host's composes as it read the host: starting one to ask its version would cost a round trip.
            var remoteCompose = new RemoteCompose(shell, project, redactor, log, settings.Compose.Implementation, hostCompose);
            return deploy.Orchestrator == Orchestrator.Swarm
                ? Swarm(settings, new RemoteSwarmEngine(shell, remoteCompose, log), project, releases, redactor, log, warn)
                : new RemoteComposeStack(remoteCompose, releases);
        }

        if (!deploy.DirectEngine)
        {
            log($"No {CoreSettings.Host.Option}: compose runs against the local Docker engine.");
        }

        var compose = new ComposeCli(commands, localCompose.Value, Checked(settings), deploy.Engine);
        return deploy.Orchestrator == Orchestrator.Swarm
            ? Swarm(settings, new LocalSwarmEngine(commands, compose, localCompose.Value, deploy.Engine, settings.DryRun, log), compose.Project, null, redactor, log, warn)
            : new LocalComposeStack(compose, deploy.Engine, settings.DryRun, log);
    }

    private static SwarmStack Swarm(
        BuildSettings settings, ISwarmEngine engine, ComposeProject project, ReleaseStore? releases, SecretRedactor redactor, Action<string> log, Action<string> warn)
    {
        var options = new SwarmStackOptions(
            project,
            releases?.CurrentPath ?? settings.StackDirectory,
            settings.Compose.ComposeFiles,
            releases is null ? Path.GetRelativePath(settings.StackDirectory, settings.EnvFile) : ReleaseManifest.EnvFileName,
            settings.Deploy.RegistryAddress,
            settings.Deploy.HealthTimeout,
            settings.DryRun);
        return new SwarmStack(engine, options, releases, redactor, log, warn);
    }

    private static ComposeProject Checked(BuildSettings settings) =>
        settings.Compose.Project(settings.StackDirectory, settings.EnvFile);

    /// <summary>On a swarm, refuses images its other nodes could not pull, from the stack's compose files, before anything changes.</summary>
    public static void RefuseUnpullableImages(IComposeStack stack, BuildSettings settings)
    {
        if (stack is SwarmStack swarm)
        {
            swarm.RefuseUnpullableImages([.. settings.Compose.ComposeFiles.Select(file => (file, File.ReadAllText(Path.Combine(settings.StackDirectory, file))))]);
        }
    }

    /// <summary>The releases on the host, for the tasks that only make sense with them.</summary>
    public static ReleaseStore RequireReleases(IComposeStack stack, string task) =>
        stack.Releases
        ?? throw new BuildInputException(
            $"{task} works on releases on the host: give {CoreSettings.Host.Option} (compose now runs against {stack.Location}).");
}
