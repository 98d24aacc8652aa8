using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Backup.S3;
using PrivateCloud.Tasks.Checks.Sources;
using PrivateCloud.Tasks.Configuration.Compose;
using PrivateCloud.Tasks.Configuration.EnvFiles;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Stacks.Health;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Snapshots;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Deployment.Runs;
using PrivateCloud.Tasks.Stacks.Pruning;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Packages;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Git.Submodules;
using PrivateCloud.Tasks.Host.DataDisks;
using PrivateCloud.Tasks.Plumbing.Disk;
using PrivateCloud.Tasks.Host.DockerVolumes;
using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tasks.Host.MailTraffic;
using PrivateCloud.Tasks.Host.Network;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Host.Volumes;
using PrivateCloud.Tasks.Mail.Dns;
using PrivateCloud.Tasks.Accounts.Setup;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Targets.Checkup;
using PrivateCloud.Tasks.Targets.FirstInstall;

namespace PrivateCloud.Tasks;

/// <summary>
/// Where the services the tasks call are made: once per run, on first use, from what
/// <see cref="BuildLifetime.Setup"/> read and opened. Tasks take them from here, never <c>new</c> them.
/// </summary>
public sealed class TaskServices(BuildContext context)
{
    /// <summary>How the host tasks report what they changed on --host.</summary>
    public HostChanges HostChanges => field ??= new(line => context.Log.Information("{0}", line), context.DryRun, () => context.Remote.Target);

    /// <summary>Installs the Debian packages PrepareHost and InstallBackup need.</summary>
    public PackageInstaller Packages => field ??= new(context.Remote);

    public HostPreparation HostPreparation => field ??= new(context.Remote, Packages);

    public VolumeMounter VolumeMounter => field ??= new(context.Remote);

    /// <summary>Marks the host's swarm node as the one holding the data: what PrepareHost adds with --orchestrator=swarm.</summary>
    public DataNodeLabel DataNodeLabel => field ??= new(context.Remote);

    public VolumeGrower VolumeGrower => field ??= new(context.Remote);

    public GiteaSshSetup GiteaSshSetup => field ??= new(
        context.Remote, warning => context.Log.Warning(warning), context.Settings.Host.GiteaHostKey, context.Settings.Host.GitUid);

    public MailRoutingSetup MailRouting => field ??= new(context.Remote);

    /// <summary>The script and systemd unit that put the mail SNAT rule back at boot.</summary>
    public MailRouteBootHook MailRouteBootHook => field ??= new(context.Remote);

    /// <summary>Whether DATABASES_DIR and FILES_DIR are mount points: CheckDataMounts, Preflight.</summary>
    public DataMountCheck DataMounts => field ??= new(context.Remote);

    /// <summary>What a first install needs of the host, read before anything changes: Preflight, Bootstrap.</summary>
    public HostPreflight Preflight => field ??= new(context.Remote, DataMounts, MailDns);

    public DiskUsageCheck DiskUsage => field ??= new(context.Remote);

    /// <summary>Waits for the deployed services to run and be healthy: how WaitHealthy, Recreate and Rollback end.</summary>
    public ServiceHealth ServiceHealth => field ??= new(
        context.Stack, TimeProvider.System, line => context.Log.Information("{0}", line), line => context.Log.Error("{0}", line));

    /// <summary>Waits for the deployed services and keeps the snapshot of what runs: how WaitHealthy, Rollback and Recreate end.</summary>
    public DeployedHealth DeployedHealth => field ??= new(
        ServiceHealth,
        context.Stack.Releases is null || !context.Stack.RunsContainersOnTheHost ? null : () => HostState,
        context.Stack.Project.Name,
        context.Settings.Compose.ComposeFiles,
        context.DryRun,
        line => context.Log.Information("{0}", line));

    /// <summary>Brings the stack up as the deploy plan says and tells which containers changed.</summary>
    public StackUpdater StackUpdater => field ??= new(
        context.Stack,
        () => BindMounts.Read(context.Settings.StackDirectory, context.Settings.Compose.ComposeFiles),
        context.DryRun,
        line => context.Log.Information("{0}", line));

    /// <summary>The deploy state on the host: read before an upload, the running containers' snapshot kept after a deploy.</summary>
    public HostStateStore HostState => field ??= new(
        context.Remote, ComposeStackFactory.RequireReleases(context.Stack, nameof(Targets.Deploy)), context.Stack.Project.Name);

    /// <summary>Removes the stack's stopped containers and the dangling images no kept release needs.</summary>
    public StackPruner Pruner => field ??= new(context.Stack);

    public Ipv6Disabler Ipv6Disabler => field ??= new(context.Remote);

    public FailoverIpSetup FailoverIpSetup => field ??= new(context.Remote);

    public VolumeRenamer VolumeRenamer => field ??= new(context.Remote);

    /// <summary>The endpoint checks CheckEndpoints runs, and how the checks of CheckEndpoints, Doctor and Preflight run and report.</summary>
    public HealthServices Health => field ??= HealthChecks.Create(context.Settings, context.Log, context.StandardOutput, TimeProvider.System);

    /// <summary>Every check Doctor runs; each reads its area's results on first use.</summary>
    public IReadOnlyList<IHealthCheck> DoctorChecks => field ??= Targets.Checkup.DoctorChecks.All(
        context.Settings,
        new HealthSources(() => context.Stack, () => DiskUsage, () => MailDns, () => Duplicity.Status),
        Health.Endpoints);

    /// <summary>Asks --dns-server (else the system's resolvers) for the mail records: VerifyDns and Doctor.</summary>
    public DnsVerifier MailDns => field ??= new(context.Settings.Mail.DnsServer, context.Settings.Mail.DnsTimeout);

    public SubmoduleUpdater Submodules => field ??= new();

    /// <summary>Makes the applications' first accounts and tables inside their containers, checking first.</summary>
    public ContainerSetupRunner Setups => field ??= new(
        context.StackConnection!,
        context.DryRun,
        line => context.Log.Information(line),
        OneTimeSecretConsole.For(context.Environment.GetEnvironmentVariable("CI"), context.Settings.Format, Console.Out));

    /// <summary>The nightly job's database dumps on --host, as BackupStatus shows them.</summary>
    public DumpFiles DumpFiles => field ??= new(context.Remote);

    /// <summary>The duplicity backup on --host: install, status, verify, list, restore test.</summary>
    public DuplicityServices Duplicity => field ??= new(context.Remote, Packages);

    /// <summary>The S3 client ColdStorage works with, from --s3-endpoint and the keys.</summary>
    public ColdStorageClient ColdStorage => field ??= new(S3ClientFactory.Create(
        context.Settings.Backup.ColdStorage, context.Settings.Backup.S3AccessKey, context.Settings.Backup.S3SecretKey));

    /// <summary>Drafts a .env from .env.dist; each secret it generates is masked in the output from the moment it exists.</summary>
    [UnsupportedOSPlatform("windows")]
    public EnvFileDrafter EnvFileDrafter => field ??= new(() =>
    {
        var secret = RandomSecret.New();
        context.Redactor.Add(secret);
        return secret;
    });

    [UnsupportedOSPlatform("windows")]
    public ConfigurationWriter ConfigurationWriter => field ??= new(context.Redactor);

    /// <summary>What compose last accepted, kept beside the program (build.sh: .build/cache/validate-compose).</summary>
    [UnsupportedOSPlatform("windows")]
    public ComposeValidationCache ComposeValidation => field ??= new(
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "cache", "validate-compose")));

    /// <summary>Compose on this machine for the stack directory, against the local engine: what ValidateCompose asks.</summary>
    public ComposeCli LocalComposeCli => field ??= new(
        context.Commands,
        context.LocalCompose.Value,
        context.Settings.Compose.Project(context.Settings.StackDirectory, context.Settings.EnvFile),
        DockerEngineTarget.Local);
}
