namespace PrivateCloud.Tasks.Host;

/// <summary>How full a filesystem is, against <see cref="DiskThresholds"/>.</summary>
public enum DiskLevel
{
    Ok,
    Warn,
    Fail,
}
