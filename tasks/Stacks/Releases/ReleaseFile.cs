namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>One file of a release.</summary>
/// <param name="Path">Relative to the stack directory, with '/' separators.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the content.</param>
/// <param name="Mode">Permission bits (rwx for user, group, other), as in <c>chmod</c>.</param>
public sealed record ReleaseFile(string Path, string Sha256, UnixFileMode Mode, long Size)
{
    /// <summary>
    /// Same bytes and same mode: such a file may be a hard link to the previous release's copy, as
    /// a hard link shares the mode too.
    /// </summary>
    public bool SameAs(ReleaseFile other) => Path == other.Path && Sha256 == other.Sha256 && Mode == other.Mode;
}
