using System.Runtime.Versioning;

namespace PrivateCloud.Tasks.Plumbing.FileSystem;

/// <summary>
/// Replaces a file in one step: readers see the old content or the new one, never half of it,
/// and a crash leaves at most a stray temporary file, never a truncated configuration.
/// </summary>
// Deploys to Debian hosts only; file modes are part of what this class guarantees.
[UnsupportedOSPlatform("windows")]
public static class AtomicFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <param name="replace">False to fail with an <see cref="IOException"/> rather than replace a file that appeared meanwhile.</param>
    public static void Write(string path, byte[] content, UnixFileMode mode, bool replace = true) =>
        Write(path, stream => stream.Write(content), mode, replace);

    /// <summary>Streams the content in through <paramref name="write"/>, for content too large to hold in memory or made while written.</summary>
    /// <param name="replace">False to fail with an <see cref="IOException"/> rather than replace a file that appeared meanwhile.</param>
    public static void Write(string path, Action<Stream> write, UnixFileMode mode, bool replace = true)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // Same directory, so the final rename never crosses a file system.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // Owner-only while the content is written, so a secret is never readable by others, even briefly.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            // Explicit, because the creation mode was reduced by the umask.
            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, path, overwrite: replace);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
