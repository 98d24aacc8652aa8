namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// A remote command failed or timed out. The message is one line with the command and the tail of
/// its stderr, both redacted.
/// </summary>
public sealed class RemoteCommandException(string message, int? exitStatus = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Null when the command timed out, was killed by a signal or lost its connection.</summary>
    public int? ExitStatus { get; } = exitStatus;
}
