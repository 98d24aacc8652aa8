namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>
/// The outcome of rendering one template. <see cref="Output"/> is only meaningful when
/// <see cref="Succeeded"/>; <see cref="UsedVariables"/> lets the caller know which values reached
/// the output (for instance to decide whether the file holds a secret).
/// </summary>
public sealed record RenderResult(
    string Path,
    string Output,
    IReadOnlyList<TemplateDiagnostic> Errors,
    IReadOnlyList<TemplateDiagnostic> Warnings,
    IReadOnlyCollection<string> UsedVariables)
{
    public bool Succeeded => Errors.Count == 0;
}
