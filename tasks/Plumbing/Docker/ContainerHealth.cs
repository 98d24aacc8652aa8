namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>The result of a container's HEALTHCHECK; <see cref="None"/> when the image defines none.</summary>
public enum ContainerHealth
{
    None,
    Starting,
    Healthy,
    Unhealthy,
}
