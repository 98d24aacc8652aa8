namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// How often the run holding the deploy lock tells the host it is still there, and after how long
/// without a word the host lets go of the lock. A laptop that sleeps or loses the network keeps its
/// TCP connection open for hours; the silence frees the lock within <see cref="Silence"/> instead.
/// </summary>
public sealed record LockHeartbeat(TimeSpan Interval, TimeSpan Silence)
{
    /// <summary>A beat every 10 s; 45 s of silence, four beats missed, ends the holder.</summary>
    public static readonly LockHeartbeat Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(45));
}
