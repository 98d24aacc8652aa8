namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>The verdict of `compose config`: on failure, compose's own explanation (redacted).</summary>
public sealed record ComposeValidation(bool IsValid, string Message);
