namespace PrivateCloud.Tasks.Docker;

/// <summary>
/// Reads a compose project's state from the labels compose puts on its containers, so a project
/// can be listed through the plain docker CLI, locally or on a remote host.
/// </summary>
public static class ComposeContainers
{
    public const string ProjectLabel = "com.docker.compose.project";
    public const string ServiceLabel = "com.docker.compose.service";
    public const string OneOffLabel = "com.docker.compose.oneoff";
    public const string ConfigHashLabel = "com.docker.compose.config-hash";
    public const string VersionLabel = "com.docker.compose.version";

    /// <summary>The `docker container ls` filter that selects every container of the project.</summary>
    public static string ProjectFilter(string projectName) => $"label={ProjectLabel}={projectName}";

    /// <summary>The service containers (one-off `run` containers left out), sorted by service and name.</summary>
    public static IReadOnlyList<ServiceStatus> ServiceStatuses(IEnumerable<ContainerInfo> containers) =>
    [
        .. containers
            .Where(container => container.Labels.GetValueOrDefault(OneOffLabel) != "True")
            .Select(container => new ServiceStatus(
                container.Labels.GetValueOrDefault(ServiceLabel, string.Empty),
                container.Id,
                container.Name,
                container.State,
                container.Health,
                container.Image,
                container.ImageId)
            {
                ConfigHash = container.Labels.GetValueOrDefault(ConfigHashLabel, string.Empty),
                ComposeVersion = container.Labels.GetValueOrDefault(VersionLabel, string.Empty),
            })
            .OrderBy(status => status.Service, StringComparer.Ordinal)
            .ThenBy(status => status.ContainerName, StringComparer.Ordinal),
    ];
}
