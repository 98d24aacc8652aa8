namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>
/// The result of rendering a stack's templates. When <see cref="Errors"/> is not empty nothing
/// was written and <see cref="Files"/> is empty; every message is already redacted.
/// </summary>
public sealed record ConfigurationReport(
    IReadOnlyList<RenderedFile> Files,
    IReadOnlyList<TemplateDiagnostic> Errors,
    IReadOnlyList<TemplateDiagnostic> Warnings,
    bool DryRun)
{
    public bool Succeeded => Errors.Count == 0;

    public int Rendered => Files.Count;

    public int Changed => Files.Count(f => f.Change != FileChangeKind.Unchanged);

    public int Unchanged => Files.Count(f => f.Change == FileChangeKind.Unchanged);
}
