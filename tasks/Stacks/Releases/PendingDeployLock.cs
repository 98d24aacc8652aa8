using System.Collections.Concurrent;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// The deploy lock being taken on a thread of its own, so that connecting and the lock's round trip
/// overlap the tasks that work only on this machine (rendering, validating). What taking it logs is
/// kept until <see cref="Wait"/>, so the run's output still reads in order.
/// </summary>
public sealed class PendingDeployLock
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Task<HeldDeployLock?> _taking;

    /// <param name="readOnceHeld">As for <see cref="DeployLock.Acquire"/>.</param>
    /// <param name="breakingStale">As for <see cref="DeployLock.Acquire"/>.</param>
    /// <param name="interruptedRun">As for <see cref="DeployLock.Acquire"/>.</param>
    public PendingDeployLock(
        SshSession session, SecretRedactor redactor, string remoteDirectory, string holder, TimeSpan wait, string? readOnceHeld, string? breakingStale,
        (string Who, string Task)? interruptedRun)
    {
        var shell = new RemoteShell(session, redactor, _log.Enqueue);
        _taking = Task.Run(() => new DeployLock(shell, remoteDirectory).Acquire(holder, wait, readOnceHeld, breakingStale, interruptedRun));
    }

    /// <summary>Waits until the lock is held, writing what taking it logged; throws what <see cref="DeployLock.Acquire"/> threw.</summary>
    public HeldDeployLock? Wait(Action<string> log)
    {
        try
        {
            return _taking.GetAwaiter().GetResult();
        }
        finally
        {
            while (_log.TryDequeue(out var line))
            {
                log(line);
            }
        }
    }
}
