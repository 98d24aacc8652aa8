namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// The server could not be reached or trusted: unreachable, host key refused, authentication
/// refused, timed out. The message is one line naming the host and what to do.
/// </summary>
public sealed class RemoteConnectionException(string message, Exception? innerException = null)
    : Exception(message, innerException);
