using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Deployment.Releases;

/// <summary>The deploy lock while this run holds it: the remote process <see cref="DeployLock"/> started.</summary>
/// <param name="auditLog">Where the audit line goes, for messages.</param>
public sealed class HeldDeployLock(SshConnection.HeldCommand holder, string auditLog) : IDisposable
{
    /// <summary>What the read given to <see cref="DeployLock.Acquire"/> printed once the lock was held; empty without one.</summary>
    public string ReadOnceHeld { get; init; } = string.Empty;

    /// <summary>Appends <paramref name="auditLine"/> to the audit log and lets go of the lock, in the holder's own command.</summary>
    public void Release(string auditLine)
    {
        if (auditLine.Length == 0 || auditLine.Contains('\n') || auditLine.Contains('\r'))
        {
            throw new ArgumentException("An audit line is one non-empty line.", nameof(auditLine));
        }

        var result = holder.Finish(System.Text.Encoding.UTF8.GetBytes(auditLine + "\n"));
        if (!result.Succeeded)
        {
            throw new RemoteCommandException($"Appending to {auditLog} failed: {result.StandardError.Trim()}", result.ExitCode);
        }
    }

    /// <summary>Lets go without an audit line.</summary>
    public void Dispose() => holder.Finish("\n"u8.ToArray());
}
