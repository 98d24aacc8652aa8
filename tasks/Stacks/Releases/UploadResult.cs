namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>What <see cref="ReleaseStore.Upload"/> did.</summary>
/// <param name="ReleaseId">The new release, or the current one when nothing changed.</param>
/// <param name="Unchanged">The current release already holds exactly these files: nothing was sent or created.</param>
/// <param name="Uploaded">Files sent in the archive (new or changed), sorted by path.</param>
/// <param name="Linked">Files hard-linked from the current release instead of being sent.</param>
/// <param name="ArchiveBytes">Size of the compressed archive sent; 0 when none was.</param>
public sealed record UploadResult(
    string ReleaseId,
    bool Unchanged,
    IReadOnlyList<string> Uploaded,
    IReadOnlyList<string> Linked,
    long ArchiveBytes)
{
    /// <summary>The release the linked files came from; null when there was none.</summary>
    public string? LinkedFrom { get; init; }

    /// <summary>The manifest of the release made (in a dry run: that would be made); null when nothing changed.</summary>
    public ReleaseManifest? Manifest { get; init; }
}
