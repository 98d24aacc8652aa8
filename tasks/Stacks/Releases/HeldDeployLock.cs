using System.Text;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// The deploy lock while this run holds it: the remote process <see cref="DeployLock"/> started,
/// to which this sends a heartbeat every <see cref="LockHeartbeat.Interval"/> until it lets go.
/// </summary>
/// <param name="auditLog">Where the audit line goes, for messages.</param>
public sealed class HeldDeployLock : IDisposable
{
    private static readonly byte[] Beat = Encoding.ASCII.GetBytes(DeployLock.Beat + "\n");

    private readonly SshConnection.HeldCommand _holder;
    private readonly string _auditLog;
    private readonly Timer _beating;

    public HeldDeployLock(SshConnection.HeldCommand holder, string auditLog, TimeSpan beatInterval)
    {
        _holder = holder;
        _auditLog = auditLog;
        _beating = new Timer(_ => _holder.Send(Beat), null, beatInterval, beatInterval);
    }

    /// <summary>What the read given to <see cref="DeployLock.Acquire"/> printed once the lock was held; empty without one.</summary>
    public string ReadOnceHeld { get; init; } = string.Empty;

    /// <summary>Appends <paramref name="auditLine"/> to the audit log and lets go of the lock, in the holder's own command.</summary>
    public void Release(string auditLine)
    {
        if (auditLine.Length == 0 || auditLine.Contains('\n') || auditLine.Contains('\r') || auditLine == DeployLock.Beat)
        {
            throw new ArgumentException("An audit line is one non-empty line.", nameof(auditLine));
        }

        _beating.Dispose();
        var result = _holder.Finish(Encoding.UTF8.GetBytes(auditLine + "\n"));
        if (!result.Succeeded)
        {
            throw new RemoteCommandException($"Appending to {_auditLog} failed: {result.StandardError.Trim()}", result.ExitCode);
        }
    }

    /// <summary>Lets go without an audit line.</summary>
    public void Dispose()
    {
        _beating.Dispose();
        _holder.Finish("\n"u8.ToArray());
    }
}
