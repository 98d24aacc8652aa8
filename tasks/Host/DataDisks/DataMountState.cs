namespace PrivateCloud.Tasks.Host.DataDisks;

public enum DataMountState
{
    /// <summary>A filesystem is mounted there.</summary>
    Mounted,

    /// <summary>The directory exists on the filesystem below it, usually the root one.</summary>
    NotMounted,

    /// <summary>Nothing is there yet.</summary>
    Missing,
}
