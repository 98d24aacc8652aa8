using Cake.Core;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Runs;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks;

/// <summary>What every task reads. A property bag: <see cref="BuildLifetime.Setup"/> fills it, never the constructor.</summary>
public class BuildContext(ICakeContext context, SecretRedactor redactor) : FrostingContext(context)
{
    public SecretRedactor Redactor { get; } = redactor;

    public BuildSettings Settings
    {
        get => field ?? throw new InvalidOperationException("Settings are read in the lifetime Setup, which has not run.");
        set;
    }

    public bool DryRun => Settings.DryRun;

    /// <summary>Runs programs on this machine through Cake's process runner, their output streamed and redacted.</summary>
    public CommandRunner Commands
    {
        get => field ?? throw new InvalidOperationException("The command runner is made in the lifetime Setup, which has not run.");
        set;
    }

    /// <summary>The compose this machine runs (--compose, else the v2 plugin, else v1), asked once per run and only when a task needs it.</summary>
    public Lazy<ComposeTool> LocalCompose
    {
        get => field ?? throw new InvalidOperationException("Compose detection is set up in the lifetime Setup, which has not run.");
        set;
    }

    /// <summary>The services the tasks call, made on first use.</summary>
    public TaskServices Services
    {
        get => field ?? throw new InvalidOperationException("The services are set up in the lifetime Setup, which has not run.");
        set;
    }

    /// <summary>The run's one SSH connection to --host, opened on first use; null without --host.</summary>
    public SshSession? SshSession { get; set; }

    /// <summary>The compose project being deployed, wherever compose runs; connected on first use.</summary>
    public IComposeStack Stack => StackConnection?.Value
        ?? throw new InvalidOperationException("The compose stack is set up in the lifetime Setup, which has not run.");

    public Lazy<IComposeStack>? StackConnection { get; set; }

    /// <summary>Which of Bootstrap's steps have nothing to do, and why; null when the target is not Bootstrap.</summary>
    public Targets.BootstrapSteps? Bootstrap { get; set; }

    /// <summary>The deploy lock, what the deploy tasks of this run found and did, and the plan made from it.</summary>
    public DeploySession DeploySession
    {
        get => field ?? throw new InvalidOperationException("The deploy session is made in the lifetime Setup, which has not run.");
        set;
    }

    /// <summary>Where a task's machine-readable document goes: stdout, which holds nothing else with --format=json.</summary>
    public TextWriter StandardOutput { get; set; } = Console.Out;

    /// <summary>Runs commands on --host through <see cref="SshSession"/>.</summary>
    public RemoteShell Remote
    {
        get => field ?? throw new BuildInputException(
            $"This task works on the Docker host: give it with {CoreSettings.Host.Option} (or {CoreSettings.Host.EnvironmentVariable}).");
        set;
    }
}
