using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment;

public sealed record DeploySettings
{
    public static readonly Setting KeepReleases = new("keep-releases", "Releases kept on the host after a deploy.", "5")
    {
        ReadBy = [],
    };

    public static readonly Setting Services = new("services", "Only these services (comma-separated), for BuildImages and Up.")
    {
        ReadBy = [nameof(BuildImages), nameof(Up)],
    };

    public static readonly Setting Pull = new("pull", "BuildImages pulls newer base images first.", "false")
    {
        ReadBy = [nameof(BuildImages), nameof(Recreate)],
    };

    public static readonly Setting NoCache = new("no-cache", "BuildImages ignores the build cache.", "false")
    {
        ReadBy = [nameof(BuildImages), nameof(Recreate)],
    };

    public static readonly Setting Timeout = new("timeout", "Seconds WaitHealthy waits for every service.", "300")
    {
        ReadBy = [nameof(WaitHealthy), nameof(Recreate), nameof(Rollback)],
    };

    public static readonly Setting Service = new("service", "The service ShowLogs shows and Recreate rebuilds.")
    {
        ReadBy = [nameof(ShowLogs), nameof(Recreate)],
    };

    public static readonly Setting Tail = new("tail", "How many log lines ShowLogs shows.", "100")
    {
        ReadBy = [nameof(ShowLogs)],
    };

    public static readonly Setting ResetVolume = new("reset-volume", "Recreate first removes this named volume (its data is lost); needs --confirm.")
    {
        ReadBy = [nameof(Recreate)],
    };

    public static readonly Setting LockTimeout = new(
        "lock-timeout", "Seconds a run that changes the host (any of its tasks does) waits for another one on the same host and --remote-dir.", "0")
    {
        ReadBy = Plumbing.Remote.ChangesHostAttribute.TaskNames,
    };

    public static readonly Setting BreakLock = new(
        "break-lock",
        "A run that changes the host first ends the run holding the deploy lock when that one's last heartbeat is older than the silence after which a holder lets go by itself (45 s), and records in the audit log who broke whose lock.",
        "false")
    {
        ReadBy = Plumbing.Remote.ChangesHostAttribute.TaskNames,
    };

    public static IReadOnlyList<Setting> Definitions { get; } =
    [
        StackSettings.RemoteDir, KeepReleases, Services, Pull, NoCache, Timeout, Service, Tail, ResetVolume, ConfirmFlag.Setting, LockTimeout, BreakLock,
        StackSettings.DockerHost, StackSettings.DockerCertPath, StackSettings.DockerInsecure, StackSettings.DockerContext, StackSettings.OrchestratorSetting,
        StackSettings.Registry,
    ];

    public required string RemoteDirectory { get; init; }

    public required int KeepReleaseCount { get; init; }

    public required IReadOnlyList<string> ServiceSubset { get; init; }

    public required bool PullImages { get; init; }

    public required bool WithoutCache { get; init; }

    public required TimeSpan HealthTimeout { get; init; }

    public string? ServiceName { get; init; }

    public required int TailLines { get; init; }

    public string? VolumeToReset { get; init; }

    public required bool Confirmed { get; init; }

    /// <summary>Deploy runs compose even when the host still matches the last deploy's snapshot.</summary>
    public required bool Forced { get; init; }

    public required TimeSpan LockWait { get; init; }

    /// <summary>A holder of the deploy lock whose heartbeats stopped is ended before this run takes the lock.</summary>
    public required bool BreakStaleLock { get; init; }

    /// <summary>The engine compose talks to when it runs on this machine.</summary>
    public required DockerEngineTarget Engine { get; init; }

    /// <summary>Compose runs here against <see cref="Engine"/> (--docker-host or --docker-context given).</summary>
    public required bool DirectEngine { get; init; }

    /// <summary>What runs the stack: compose on one host, or a Docker Swarm.</summary>
    public Orchestrator Orchestrator { get; init; }

    /// <summary>Where images built on the manager go when other swarm nodes must pull them; null when none is given.</summary>
    public string? RegistryAddress { get; init; }

    public static DeploySettings Read(SettingSources sources)
    {
        var remoteDirectory = sources.Get(StackSettings.RemoteDir)!;
        if (!remoteDirectory.StartsWith('/') || remoteDirectory.TrimEnd('/').Length == 0)
        {
            throw new BuildInputException($"{StackSettings.RemoteDir.Option} must be an absolute directory other than /, not '{remoteDirectory}'.");
        }

        var host = sources.Get(StackSettings.DockerHost);
        var context = sources.Get(StackSettings.DockerContext);
        if (host is not null && context is not null)
        {
            throw new BuildInputException($"Give {StackSettings.DockerHost.Option} or {StackSettings.DockerContext.Option}, not both.");
        }

        DockerEngineTarget engine;
        try
        {
            engine = host is not null ? DockerEngineTarget.Tcp(host, sources.Get(StackSettings.DockerCertPath))
                : context is not null ? DockerEngineTarget.Context(context)
                : DockerEngineTarget.Local;
        }
        catch (ArgumentException exception)
        {
            throw new BuildInputException($"{(host is not null ? StackSettings.DockerHost.Option : StackSettings.DockerContext.Option)}: {exception.Message}");
        }

        if (host is not null && sources.Get(StackSettings.DockerCertPath) is null && !sources.GetFlag(StackSettings.DockerInsecure))
        {
            throw new BuildInputException(
                $"{StackSettings.DockerHost.Option}={host} without {StackSettings.DockerCertPath.Option} reaches the engine unencrypted and unauthenticated: " +
                $"give {StackSettings.DockerCertPath.Option} (ca.pem, cert.pem, key.pem), or {StackSettings.DockerInsecure.Option} if that is really meant.");
        }

        // Checked here, before the tasks Recreate depends on write anything.
        if (sources.Find(ResetVolume) is { } reset && !sources.GetFlag(ConfirmFlag.Setting))
        {
            throw new BuildInputException(
                $"{ResetVolume.Option}={reset.Value} deletes that volume and its data: run again with {ConfirmFlag.Setting.Option} to do it.");
        }

        return new DeploySettings
        {
            RemoteDirectory = remoteDirectory.TrimEnd('/'),
            KeepReleaseCount = sources.GetInt(KeepReleases, 2, 100),
            ServiceSubset = [.. sources.GetList(Services).Select(name => ComposeNames.Valid(name, Origin(sources, Services), Services.Option))],
            PullImages = sources.GetFlag(Pull),
            WithoutCache = sources.GetFlag(NoCache),
            HealthTimeout = TimeSpan.FromSeconds(sources.GetInt(Timeout, 1, 86400)),
            ServiceName = sources.Find(Service) is { } service ? ComposeNames.Valid(service.Value, service.Origin, Service.Option) : null,
            TailLines = sources.GetInt(Tail, 0, 100000),
            VolumeToReset = sources.Find(ResetVolume) is { } volume ? ComposeNames.Valid(volume.Value, volume.Origin, ResetVolume.Option) : null,
            Confirmed = sources.GetFlag(ConfirmFlag.Setting),
            Forced = sources.GetFlag(ForceFlag.Setting),
            LockWait = TimeSpan.FromSeconds(sources.GetInt(LockTimeout, 0, 86400)),
            BreakStaleLock = sources.GetFlag(BreakLock),
            Engine = engine,
            DirectEngine = host is not null || context is not null,
            Orchestrator = ReadOrchestrator(sources),
            RegistryAddress = sources.Find(StackSettings.Registry) is { } registry ? ImageRegistry.Valid(registry.Value, registry.Origin, StackSettings.Registry.Option) : null,
        };
    }

    private static Orchestrator ReadOrchestrator(SettingSources sources)
    {
        var given = sources.Find(StackSettings.OrchestratorSetting);
        return given?.Value.ToLowerInvariant() switch
        {
            null or "compose" => Orchestrator.Compose,
            "swarm" => Orchestrator.Swarm,
            _ => throw new BuildInputException($"{given.Value.Origin}: {StackSettings.OrchestratorSetting.Option} is compose or swarm, not '{given.Value.Value}'."),
        };
    }

    private static string Origin(SettingSources sources, Setting setting) => sources.Find(setting)?.Origin ?? setting.Option;
}
