namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>One error or warning about a template, located so the user can jump straight to it.</summary>
public sealed record TemplateDiagnostic(string Path, int Line, int Column, string Message)
{
    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}
