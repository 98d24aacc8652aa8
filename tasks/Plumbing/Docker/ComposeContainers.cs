namespace PrivateCloud.Tasks.Plumbing.Docker;

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

    /// <summary>
    /// A `docker container ls --format` whose lines <see cref="ParseListing"/> reads: each container's
    /// state, health and compose labels in one docker call, where inspecting them takes a listing and
    /// an inspect. It leaves out the image.
    /// </summary>
    public const string ListingFormat =
        "{{.ID}}\\t{{.Names}}\\t{{.State}}\\t{{.Status}}\\t{{.Label \"" + ServiceLabel + "\"}}\\t{{.Label \"" + ConfigHashLabel + "\"}}\\t" +
        "{{.Label \"" + VersionLabel + "\"}}\\t{{.Label \"" + OneOffLabel + "\"}}";

    private const int ListingFields = 8;

    /// <summary>The `docker` arguments that list the project's containers in <see cref="ListingFormat"/>.</summary>
    public static IReadOnlyList<string> ListingArguments(string projectName) =>
        ["container", "ls", "--all", "--no-trunc", "--filter", ProjectFilter(projectName), "--format", ListingFormat];

    /// <summary>The service containers of a <see cref="ListingFormat"/> listing, as <see cref="ServiceStatuses"/> gives them, without image.</summary>
    public static IReadOnlyList<ServiceStatus> ParseListing(string output) =>
        ServiceStatuses(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == ListingFields)
            .Select(fields => new ContainerInfo(
                fields[0],
                fields[1],
                fields[2],
                // docker ps shows the health only in the status text: "Up 5 minutes (healthy)".
                fields[3].Contains("(healthy)", StringComparison.Ordinal) ? ContainerHealth.Healthy
                : fields[3].Contains("(unhealthy)", StringComparison.Ordinal) ? ContainerHealth.Unhealthy
                : fields[3].Contains("(health: starting)", StringComparison.Ordinal) ? ContainerHealth.Starting
                : ContainerHealth.None,
                string.Empty,
                string.Empty,
                new Dictionary<string, string>
                {
                    [ServiceLabel] = fields[4],
                    [ConfigHashLabel] = fields[5],
                    [VersionLabel] = fields[6],
                    [OneOffLabel] = fields[7],
                })));

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
