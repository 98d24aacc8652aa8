namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>One container of a compose project as `ps` would list it.</summary>
/// <param name="State">Docker's status word: created, running, restarting, paused, exited or dead.</param>
/// <param name="ImageId">The content id (sha256:...) of the image the container runs.</param>
public sealed record ServiceStatus(
    string Service,
    string ContainerId,
    string ContainerName,
    string State,
    ContainerHealth Health,
    string Image,
    string ImageId)
{
    /// <summary>The hash compose computed from the service's configuration when it created the container; empty when not made by compose.</summary>
    public string ConfigHash { get; init; } = string.Empty;

    /// <summary>The version of the compose that created the container (1.29.2, 2.26.1); empty when not made by compose.</summary>
    public string ComposeVersion { get; init; } = string.Empty;

    public bool IsRunning => State == "running";

    /// <summary>Why the service is failing where the orchestrator says (a Swarm task's error); null otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>Running, healthy if the image has a healthcheck, and not failing.</summary>
    public bool IsReady => IsRunning && Health is ContainerHealth.Healthy or ContainerHealth.None && Error is null;
}
