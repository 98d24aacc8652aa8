namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>What `docker inspect` says about one container.</summary>
/// <param name="State">Docker's status word: created, running, restarting, paused, exited or dead.</param>
/// <param name="Image">The image the container was created from, as named in its configuration.</param>
/// <param name="ImageId">The image's content id (sha256:...), which changes when the image is rebuilt.</param>
public sealed record ContainerInfo(
    string Id,
    string Name,
    string State,
    ContainerHealth Health,
    string Image,
    string ImageId,
    IReadOnlyDictionary<string, string> Labels)
{
    public bool IsRunning => State == "running";
}
