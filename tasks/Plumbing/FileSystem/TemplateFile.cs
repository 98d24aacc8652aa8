namespace PrivateCloud.Tasks.Plumbing.FileSystem;

/// <summary>A template found in the stack and the file it renders to (the same path without ".template").</summary>
public sealed record TemplateFile(string TemplatePath, string OutputPath, string RelativePath);
