using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Stacks.Snapshots;

/// <summary>
/// What a deploy left running once every service was up and healthy: the compose call (project and
/// files) and each container's service, id, config hash and state. It is kept in the release it ran
/// (<see cref="FileName"/>), so it always describes the release <c>current</c> points at. While the
/// release is unchanged and every container is still the one it names, running and healthy, a
/// compose up would change nothing: a no-change Deploy then runs no compose at all.
/// </summary>
public sealed record RunningSnapshot(string Project, IReadOnlyList<string> ComposeFiles, IReadOnlyList<SnapshotContainer> Containers)
{
    public const string FileName = ".running.json";
    private const int FormatVersion = 1;

    public static RunningSnapshot Of(string project, IReadOnlyList<string> composeFiles, IEnumerable<ServiceStatus> containers) =>
        new(project, composeFiles, [.. containers.Select(c => new SnapshotContainer(c.Service, c.ContainerId, c.ConfigHash, c.State))]);

    /// <summary>
    /// Each way the containers <paramref name="now"/> differ from the snapshot, in words an operator
    /// reads; empty when compose would find nothing to do. A container compose did not leave (gone,
    /// replaced, another config hash, one more) or one that is not running and healthy is drift.
    /// </summary>
    public IReadOnlyList<string> Drift(string project, IReadOnlyList<string> composeFiles, IReadOnlyList<ServiceStatus> now)
    {
        if (project != Project || !composeFiles.SequenceEqual(ComposeFiles))
        {
            return [$"the last deploy ran compose project {Project} with {string.Join(",", ComposeFiles)}, this one {project} with {string.Join(",", composeFiles)}"];
        }

        var drift = new List<string>();
        foreach (var service in Containers.Select(c => c.Service).Union(now.Select(c => c.Service)).Order(StringComparer.Ordinal))
        {
            var left = Containers.Where(c => c.Service == service).ToList();
            var running = now.Where(c => c.Service == service).ToList();
            if (running.Count == 0)
            {
                drift.Add($"{service}: its container is gone");
            }
            else if (left.Count == 0)
            {
                drift.Add($"{service}: runs a container the last deploy did not start");
            }
            else if (!Hashes(running.Select(c => c.ConfigHash)).Distinct().SequenceEqual(Hashes(left.Select(c => c.ConfigHash)).Distinct()))
            {
                drift.Add($"{service}: config hash {Short(running.Select(c => c.ConfigHash))}, the last deploy left {Short(left.Select(c => c.ConfigHash))}");
            }
            else if (!Hashes(running.Select(c => c.ContainerId)).SequenceEqual(Hashes(left.Select(c => c.ContainerId))))
            {
                drift.Add($"{service}: its containers are not the ones the last deploy left");
            }
            else
            {
                drift.AddRange(running.Where(c => !c.IsReady).Select(c =>
                    $"{service}: container {c.ContainerName} is {c.State}{(c.Health == ContainerHealth.None ? string.Empty : ", " + c.Health.ToString().ToLowerInvariant())}"));
            }
        }

        return drift;
    }

    public string ToJson() => VersionedJson.Write(FormatVersion, writer =>
    {
        writer.WriteString("project", Project);
        writer.WriteStartArray("composeFiles");
        foreach (var file in ComposeFiles)
        {
            writer.WriteStringValue(file);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("containers");
        foreach (var container in Containers)
        {
            writer.WriteStartObject();
            writer.WriteString("service", container.Service);
            writer.WriteString("id", container.ContainerId);
            writer.WriteString("configHash", container.ConfigHash);
            writer.WriteString("state", container.State);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <param name="source">Where the text came from, for the error message.</param>
    public static RunningSnapshot Parse(string json, string source) =>
        VersionedJson.Read(json, FormatVersion, "running snapshot", source, root => new RunningSnapshot(
            root.GetProperty("project").GetString()!,
            [.. root.GetProperty("composeFiles").EnumerateArray().Select(file => file.GetString()!)],
            [.. root.GetProperty("containers").EnumerateArray().Select(container => new SnapshotContainer(
                container.GetProperty("service").GetString()!,
                container.GetProperty("id").GetString()!,
                container.GetProperty("configHash").GetString()!,
                container.GetProperty("state").GetString()!))]));

    private static IEnumerable<string> Hashes(IEnumerable<string> values) => values.Order(StringComparer.Ordinal);

    private static string Short(IEnumerable<string> hashes) => string.Join(",", hashes.Select(h => h.Length > 12 ? h[..12] : h).Distinct().Order(StringComparer.Ordinal));
}
