
namespace PrivateCloud.Tasks.Plumbing.Processes;

/// <summary>An external program could not be started or did not succeed. The message carries no secret.</summary>
public sealed class CommandFailedException(string message, CommandResult? result = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The finished program, or null when it could not be started.</summary>
    public CommandResult? Result { get; } = result;
}
