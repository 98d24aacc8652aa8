namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// The images one release's services ran, in the order they were noted: one line per service and
/// image id (<c>web sha256:…</c>). A rebuilt service (Recreate, Rollback) gets a later line; the
/// last line of each service is what the release needs now.
/// </summary>
public sealed record ImageRecord(string ReleaseId, IReadOnlyList<(string Service, string ImageId)> Entries)
{
    /// <summary>The image each service runs in this release now.</summary>
    public IReadOnlyDictionary<string, string> Current =>
        Entries.GroupBy(entry => entry.Service).ToDictionary(group => group.Key, group => group.Last().ImageId);

    /// <summary>Every image the release ran, superseded ones included.</summary>
    public IEnumerable<string> AllImages => Entries.Select(entry => entry.ImageId).Distinct();

    public static ImageRecord Parse(string releaseId, string text) =>
        new(releaseId, [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && parts[1].StartsWith("sha256:", StringComparison.Ordinal))
            .Select(parts => (parts[0], parts[1]))]);

    public static string Lines(IEnumerable<(string Service, string ImageId)> entries) =>
        string.Concat(entries.Select(entry => $"{entry.Service} {entry.ImageId}\n"));
}
