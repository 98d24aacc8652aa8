namespace PrivateCloud.Tasks.Backup.S3;

/// <summary>
/// The multipart part size for a file: at least S3's 5 MiB minimum, and large enough that the part
/// count stays within <see cref="MaxParts"/>, the limit the install guide warns about when it picks
/// s3cmd's chunk size by hand (S3 itself allows 10,000; some S3-compatible services only 1,000).
/// </summary>
public static class PartSize
{
    public const int MaxParts = 1000;

    public const long Minimum = 5L * 1024 * 1024;

    /// <summary>Whole MiB, so the parts line up the same way on every run.</summary>
    public static long For(long fileSize)
    {
        const long MiB = 1024 * 1024;
        var needed = (fileSize + MaxParts - 1) / MaxParts;
        var rounded = (needed + MiB - 1) / MiB * MiB;
        return Math.Max(Minimum, rounded);
    }

    public static int Count(long fileSize, long partSize) => (int)Math.Max(1, (fileSize + partSize - 1) / partSize);
}
