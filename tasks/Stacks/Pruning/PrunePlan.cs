using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Reporting;

namespace PrivateCloud.Tasks.Stacks.Pruning;

/// <summary>
/// What Prune removes, decided from the engine's state alone: the project's stopped containers, the
/// dangling images that are the project's and that no kept release needs, and the image records of
/// removed releases that no longer tell anything.
/// </summary>
public sealed record PrunePlan(
    IReadOnlyList<ContainerInfo> Containers,
    IReadOnlyList<PrunableImage> Images,
    IReadOnlyList<string> ForgottenRecords,
    IReadOnlyList<HostChange> Changes)
{
    /// <summary>Docker's words for a container that does not run and will not by itself.</summary>
    private static readonly HashSet<string> StoppedStates = ["exited", "created", "dead"];

    /// <summary>Dangling images of the project kept because a kept release needs them, with the release.</summary>
    public IReadOnlyList<(PrunableImage Image, string Release)> KeptForReleases { get; init; } = [];

    /// <summary>Why no image is removed at all; null when images were judged.</summary>
    public string? ImagesUntouchedBecause { get; init; }

    /// <param name="containers">Every container of the project, stopped ones included.</param>
    /// <param name="containersUsing">The ids of every container, of any project, that runs the image.</param>
    /// <param name="imageIds">Every image id on the engine, for telling which records still matter.</param>
    /// <param name="records">Every image record on the host; empty without releases.</param>
    /// <param name="keptReleases">The releases on the host; null where compose runs without releases.</param>
    /// <param name="currentRelease">The release compose runs now: its images are in use, record or not.</param>
    /// <param name="projectLabel">The label naming the project on its containers: compose's, or on a swarm the stack's.</param>
    public static PrunePlan Make(
        string project,
        IReadOnlyList<ContainerInfo> containers,
        Func<string, IReadOnlyList<string>> containersUsing,
        IReadOnlyList<PrunableImage> dangling,
        IReadOnlySet<string> imageIds,
        IReadOnlyList<ImageRecord> records,
        IReadOnlyList<string>? keptReleases,
        string? currentRelease,
        string projectLabel = ComposeContainers.ProjectLabel)
    {
        var ofProject = containers.Where(c => c.Labels.GetValueOrDefault(projectLabel) == project).ToList();
        var stopped = ofProject.Where(c => StoppedStates.Contains(c.State)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var leaving = stopped.Select(c => c.Id).ToHashSet();

        var kept = keptReleases?.ToHashSet() ?? [];
        var keptRecords = records.Where(r => kept.Contains(r.ReleaseId)).ToList();
        var needed = keptRecords
            .SelectMany(r => r.Current.Values.Select(id => (Id: id, r.ReleaseId)))
            .GroupBy(n => n.Id)
            .ToDictionary(g => g.Key, g => g.Max(n => n.ReleaseId)!);
        var projectImages = records.SelectMany(r => r.AllImages).Concat(ofProject.Select(c => c.ImageId)).ToHashSet();
        var unrecorded = kept.Except(keptRecords.Select(r => r.ReleaseId)).Where(id => id != currentRelease).Order(StringComparer.Ordinal).ToList();

        var candidates = dangling
            .Where(image => image.ProjectLabel || projectImages.Contains(image.Id))
            .Where(image => containersUsing(image.Id).All(leaving.Contains))
            .ToList();
        var removed = unrecorded.Count > 0 ? [] : candidates.Where(image => !needed.ContainsKey(image.Id)).ToList();
        var keptForReleases = unrecorded.Count > 0 ? [] : candidates.Where(image => needed.ContainsKey(image.Id)).Select(image => (image, needed[image.Id])).ToList();

        var left = imageIds.Except(removed.Select(image => image.Id)).ToHashSet();
        var forgotten = records
            .Where(r => !kept.Contains(r.ReleaseId) && r.AllImages.All(id => !left.Contains(id) || needed.ContainsKey(id)))
            .Select(r => r.ReleaseId)
            .Order(StringComparer.Ordinal)
            .ToList();

        var origins = records.SelectMany(r => r.Entries.Select(e => (e.ImageId, Origin: $"{e.Service} of release {r.ReleaseId}")))
            .GroupBy(e => e.ImageId)
            .ToDictionary(g => g.Key, g => g.Last().Origin);
        List<HostChange> changes =
        [
            .. stopped.Select(c => new HostChange("remove", "removed", $"stopped container {c.Name} ({c.State}, {Service(c)})")),
            .. removed.Select(image => new HostChange(
                "remove", "removed", $"{image.Description} ({image.Size}{(origins.TryGetValue(image.Id, out var origin) ? ", " + origin : string.Empty)})")),
            .. forgotten.Select(id => new HostChange("forget", "forgot", $"the image record of removed release {id}")),
        ];

        return new PrunePlan(stopped, removed, forgotten, changes)
        {
            KeptForReleases = keptForReleases,
            ImagesUntouchedBecause = unrecorded.Count == 0 || candidates.Count == 0
                ? null
                : $"release(s) {string.Join(", ", unrecorded)} have no image record (deployed before Prune kept one), so their images are unknown: " +
                  "no image is removed until they are gone or deployed again.",
        };
    }

    private static string Service(ContainerInfo container) =>
        container.Labels.GetValueOrDefault(ComposeContainers.OneOffLabel) == "True"
            ? $"one-off of {container.Labels.GetValueOrDefault(ComposeContainers.ServiceLabel, "?")}"
            : $"service {container.Labels.GetValueOrDefault(ComposeContainers.ServiceLabel) ?? container.Labels.GetValueOrDefault(SwarmTaskServiceLabel, "?")}";

    /// <summary>The service a swarm task's container belongs to (<c>&lt;stack&gt;_&lt;service&gt;</c>).</summary>
    private const string SwarmTaskServiceLabel = "com.docker.swarm.service.name";
}
