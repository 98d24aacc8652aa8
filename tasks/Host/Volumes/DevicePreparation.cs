namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>What MountVolume does to a device before mounting it.</summary>
public enum DevicePreparation
{
    /// <summary>It has a filesystem already: mount that.</summary>
    None,
    PartitionAndFormat,
    FormatWholeDevice,
}
