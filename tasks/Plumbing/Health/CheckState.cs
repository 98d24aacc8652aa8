namespace PrivateCloud.Tasks.Plumbing.Health;

/// <summary>A check's verdict, from best to worst: the order <see cref="HealthReport.Worst"/> ranks them in.</summary>
public enum CheckState
{
    Ok,

    /// <summary>The check could not run: what it needs (a host, a backup target) is not set. Never counted as ok.</summary>
    NotConfigured,

    Warn,

    Fail,
}
