namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>
/// What happened (or, in a dry run, would happen) to one output file. <see cref="Diff"/> is set
/// only in a dry run when the content changes, and never contains a secret value.
/// </summary>
public sealed record RenderedFile(
    string RelativePath,
    FileChangeKind Change,
    UnixFileMode Mode,
    bool ContainsSecret,
    string? Diff);
