using Cake.Core;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Compose;
using PrivateCloud.Tasks.Deployment.Planning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Deployment.Runs;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks;

/// <summary>Reads the settings once, before the first task.</summary>
public sealed class BuildLifetime : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        // First, so that Teardown finds it even when the settings below are refused.
        context.DeploySession = NewDeploySession(context);
        if (context.Plan.FirstUnsupported(OperatingSystem.IsOSPlatform) is { } unsupported)
        {
            throw new BuildInputException(
                $"{unsupported.Name} runs on Linux and macOS only, and this run needs it: on Windows, run ./build.sh under WSL.");
        }

        var arguments = context.Arguments.GetArguments()
            .SelectMany(argument => argument.Value.Select(value => (argument.Key, value)))
            .ToLookup(pair => pair.Key, pair => pair.value, StringComparer.OrdinalIgnoreCase);

        context.Settings = new BuildSettingsLoader(context.Log, context.Redactor).Load(
            arguments,
            context.Environment.GetEnvironmentVariable,
            context.Environment.WorkingDirectory.FullPath,
            context.Environment.GetEnvironmentVariables().Keys);

        // Before anything connects or is written: the .env a release carries would publish logins the repository prints.
        // UploadRelease alone counts too, or UploadRelease then Up would get round the refusal.
        if (new[] { typeof(Targets.Deploy), typeof(Deployment.UploadRelease) }.FirstOrDefault(context.Plan.Tasks.Contains) is { } sending)
        {
            context.Settings.Readiness.RefuseExampleSecrets(sending.Name);
        }

        if (context.Settings.Ssh is { } ssh)
        {
            context.SshSession = new SshSession(ssh);
            context.Remote = new RemoteShell(context.SshSession, context.Redactor, line => context.Log.Information(line));
        }

        context.Commands = new CommandRunner(context.ProcessRunner, context.Redactor, context.Log);
        context.LocalCompose = new Lazy<ComposeTool>(() =>
        {
            var tool = ComposeTool.Detect(context.Commands, context.Settings.Compose.Implementation);
            context.Log.Information("Compose on this machine: {0}.", tool);
            return tool;
        });
        context.StackConnection = new Lazy<IComposeStack>(() => ComposeStackFactory.Create(
            context.Settings,
            () => context.Remote,
            context.Commands,
            context.LocalCompose,
            context.Redactor,
            () => context.DeploySession.Run.Host?.Compose(context.Settings.Compose.Implementation),
            line => context.Log.Information(line),
            line => context.Log.Warning(line)));
        context.Services = new TaskServices(context);
        if (context.Plan.Tasks.Contains(typeof(Targets.Bootstrap)) || context.Plan.Tasks.Contains(typeof(Targets.Recover)))
        {
            context.Bootstrap = Targets.BootstrapSteps.For(context.Settings);
        }

        if (context.Plan.Tasks.Any(ChangesHost) && !context.DryRun && context.Settings.Ssh is not null && !context.Settings.Deploy.DirectEngine)
        {
            var deploy = context.Settings.Deploy;
            var task = context.Plan.Name;
            var who = $"{Environment.UserName}@{Environment.MachineName}";
            var holder = $"{who}, {task}, since {DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'}";
            // A Deploy reads the host under the lock anyway: the lock's own command reads it, saving a round trip.
            var readsHost = context.Plan.Tasks.Contains(typeof(Targets.Deploy)) && context.Stack.Releases is not null;
            var read = readsHost ? context.Services.HostState.ReadScript : null;
            // Taken while the tasks that work only on this machine run; the first task that works on the host waits for it.
            var pending = new PendingDeployLock(context.SshSession!, context.Redactor, deploy.RemoteDirectory, holder, deploy.LockWait, read, deploy.BreakStaleLock ? who : null, (who, task));
            context.DeploySession.PendingLock = (pending, task, readsHost);
        }

        if (context.DryRun)
        {
            context.Log.Information("Dry run: the host and the stack are read as they are; nothing is written, started or changed, and each task shows what it would change.");
        }
    }

    /// <summary>Every task but those that work only on this machine waits until the deploy lock is held.</summary>
    public override void TaskSetup(BuildContext context, ITaskSetupContext info)
    {
        if (!context.Plan.TaskNamed(info.Task.Name).IsDefined(typeof(ThisMachineOnlyAttribute), inherit: false))
        {
            WaitForDeployLock(context, takeHostRead: true);
        }
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        try
        {
            // A run that failed on this machine still records its failure under the lock, as one that failed on the host does.
            WaitForDeployLock(context, takeHostRead: false);
        }
        catch (Exception ex) when (!info.Successful && ex is RemoteCommandException or RemoteConnectionException)
        {
            context.Log.Warning("The deploy lock was not taken, so the audit log on {0} records nothing: {1}", context.Remote.Target, ex.Message);
        }

        if (context.DeploySession.Lock is var (held, task))
        {
            ReleaseRecording(context, held, task, info.Successful);
        }

        context.SshSession?.Dispose();
    }

    /// <summary>The deploy session, whose plan is made from what the run read on the host and uploaded, with this run's settings.</summary>
    private static DeploySession NewDeploySession(BuildContext context) => new(
        run =>
        {
            var settings = context.Settings;
            var deploy = settings.Deploy;
            var project = settings.Compose.Project(settings.StackDirectory, settings.EnvFile);
            return DeployPlan.Make(
                run.Host,
                run.Upload,
                new StackQuestions(
                    () => run.Host!.Drift(context.Stack.Project.Name, settings.Compose.ComposeFiles, settings.Compose.Implementation),
                    files => BindMounts.Read(settings.StackDirectory, settings.Compose.ComposeFiles).ServicesUsing(files),
                    // The release's env file is compose's whatever the local one is called.
                    files => files.Contains(ReleaseManifest.EnvFileName) || ComposeReadFiles.ReadsAny(project, files),
                    (next, previous) => BuildContexts.ServicesToBuild(next, previous, BuildContexts.BuiltServices(project.Files)),
                    built => BuildContexts.ServicesRunningImagesOf(project.Files, built)),
                deploy.Forced,
                deploy.PullImages || deploy.WithoutCache,
                context.Stack.RunsContainersOnTheHost,
                deploy.ServiceSubset,
                context.DryRun);
        },
        line => context.Log.Information(line));

    /// <summary>Whether the task declares that it changes the host: a run executing one holds the deploy lock, whatever its targets.</summary>
    private static bool ChangesHost(Type task) => task.IsDefined(typeof(ChangesHostAttribute), inherit: false);

    /// <param name="takeHostRead">Whether the run goes on and takes over what the lock's command read of the host.</param>
    private static void WaitForDeployLock(BuildContext context, bool takeHostRead)
    {
        var session = context.DeploySession;
        if (session.PendingLock is not var (pending, task, readsHost))
        {
            return;
        }

        session.PendingLock = null;
        if (pending.Wait(line => context.Log.Information(line)) is { } held)
        {
            session.Lock = (held, task);
            if (readsHost && takeHostRead)
            {
                session.Run = session.Run with { Host = context.Services.HostState.Parse(held.ReadOnceHeld) };
            }
        }
    }

    /// <summary>Lets go of the deploy lock, the lock's own remote process appending the run's line to the audit log first.</summary>
    private static void ReleaseRecording(BuildContext context, HeldDeployLock held, string task, bool succeeded)
    {
        try
        {
            var remote = context.Settings.Deploy.RemoteDirectory;
            var release = context.DeploySession.Run.Upload?.ReleaseId ?? new ReleaseStore(context.Remote, remote, _ => { }).CurrentId();
            held.Release(AuditLog.Line(
                DateTimeOffset.UtcNow, $"{Environment.UserName}@{Environment.MachineName}", task, release,
                AuditLog.Commit(context.Settings.StackDirectory), succeeded));
        }
        catch (Exception ex) when (ex is RemoteCommandException or RemoteConnectionException or LibGit2Sharp.LibGit2SharpException)
        {
            context.Log.Warning("The audit log on {0} could not be written: {1}", context.Remote.Target, ex.Message);
        }
        finally
        {
            held.Dispose();
        }
    }
}
