namespace PrivateCloud.Tasks.Plumbing.Disk;

/// <summary>How full a filesystem is, against <see cref="DiskThresholds"/>.</summary>
public enum DiskLevel
{
    Ok,
    Warn,
    Fail,
}
