namespace PrivateCloud.Tasks.Stacks.Snapshots;

/// <summary>One container a deploy left running, as <see cref="RunningSnapshot"/> keeps it.</summary>
/// <param name="ConfigHash">Compose's <c>com.docker.compose.config-hash</c> label: changes with the service's configuration.</param>
public sealed record SnapshotContainer(string Service, string ContainerId, string ConfigHash, string State);
