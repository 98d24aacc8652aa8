namespace PrivateCloud.Frosting;

/// <summary>
/// A task's verdict that is not a plain failure: the run ends with <see cref="ExitCode"/> (a health
/// check's worst state, say) after the message is logged.
/// </summary>
public sealed class TaskExitCodeException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
