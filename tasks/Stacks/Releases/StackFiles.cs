using System.Runtime.InteropServices;
using System.Text;
using MAB.DotIgnore;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.DotEnv;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// The files of a stack as a release carries them: what <see cref="IgnoreFileName"/> (gitignore
/// syntax) leaves in, symbolic links followed only while they stay inside the stack, group and
/// other write bits dropped, and the .env without the tool's own DEPLOY_* settings.
/// </summary>
public sealed class StackFiles
{
    public const string IgnoreFileName = ".deployignore";

    private const string DeployPrefix = "DEPLOY_";
    private const int ErrorTooManyLinks = 40;
    private const UnixFileMode Permissions = (UnixFileMode)0x1FF;
    private const UnixFileMode SharedWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private readonly IgnoreList _ignore;
    private readonly string _realRoot;

    public StackFiles(string stackDirectory)
    {
        Root = Path.GetFullPath(stackDirectory);
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"Stack directory {Root} does not exist.");
        }

        _realRoot = RealPath(Root, Root);
        var ignoreFile = Path.Combine(Root, IgnoreFileName);
        _ignore = File.Exists(ignoreFile) ? new IgnoreList(File.ReadAllLines(ignoreFile)) : new IgnoreList();
    }

    public string Root { get; }

    /// <summary>Every file to release with its path relative to the root ('/' separators), in no particular order.</summary>
    public IEnumerable<(string Path, string Relative)> Enumerate()
    {
        var pending = new Stack<(string Directory, IReadOnlyList<string> RealAncestors)>([(Root, [_realRoot])]);
        while (pending.Count > 0)
        {
            var (directory, ancestors) = pending.Pop();
            foreach (var entry in Entries(directory))
            {
                var relative = Path.GetRelativePath(Root, entry).Replace(Path.DirectorySeparatorChar, '/');
                var isDirectory = Directory.Exists(entry);
                if (Path.GetFileName(entry) == ".git" || relative == IgnoreFileName || _ignore.IsIgnored(relative, isDirectory))
                {
                    continue;
                }

                var real = RealPath(entry, relative);
                if (isDirectory)
                {
                    if (ancestors.Contains(real, StringComparer.Ordinal))
                    {
                        throw new BuildInputException(
                            $"{entry} is a symbolic link loop: it leads back to {real}, which holds it. Remove the link or list it in {IgnoreFileName}.");
                    }

                    pending.Push((entry, [.. ancestors, real]));
                }
                else if (File.Exists(entry))
                {
                    yield return (entry, relative);
                }
            }
        }
    }

    /// <summary>The bytes the release gets for the file.</summary>
    public byte[] Content(string path, string relative)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new BuildInputException($"{path} cannot be read ({ex.Message}): let the deploying user read it, or list it in {IgnoreFileName}.");
        }

        return relative == ReleaseManifest.EnvFileName ? WithoutDeploySettings(content, path) : content;
    }

    /// <summary>rwx bits without group and other write: a world-writable file in a root-owned release is root for any local user.</summary>
    public UnixFileMode PermissionsOf(string path) =>
        OperatingSystem.IsWindows()
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
            : File.GetUnixFileMode(path) & Permissions & ~SharedWrite;

    /// <summary>
    /// The tool's settings (the SSH key passphrase among them) stay on this machine. The parser says
    /// which lines hold which key in every form it reads (KEY=, KEY:, export, quoted values over
    /// several lines), and exactly those lines are dropped; the rest is parsed again to prove that no
    /// DEPLOY_* setting is left and that every other variable keeps its value.
    /// </summary>
    private static byte[] WithoutDeploySettings(byte[] content, string path)
    {
        var text = Encoding.UTF8.GetString(content);
        if (!text.Contains(DeployPrefix, StringComparison.Ordinal))
        {
            return content;
        }

        var parsed = DotEnvParser.Parse(text, path);
        var deployLines = parsed.Statements
            .Where(statement => IsDeploySetting(statement.Key))
            .SelectMany(statement => Enumerable.Range(statement.FirstLine, statement.LastLine - statement.FirstLine + 1))
            .ToHashSet();
        if (deployLines.Count == 0)
        {
            return content;
        }

        var stripped = string.Join('\n', text.Split('\n').Where((_, index) => !deployLines.Contains(index + 1)));
        var after = DotEnvParser.Parse(stripped, path);
        RequireNoDeploySettings(after);
        var changed = parsed.Entries.Where(entry => !IsDeploySetting(entry.Key))
            .FirstOrDefault(entry => after.Find(entry.Key)?.Value != entry.Value);
        if (changed is not null)
        {
            throw new BuildInputException(
                $"{path}:{changed.Line}: {changed.Key} takes its value from a DEPLOY_* setting, which stays on this machine and is not in the uploaded .env: write the value itself.");
        }

        return Encoding.UTF8.GetBytes(stripped);
    }

    /// <summary>The last guard before the .env leaves this machine: a DEPLOY_* line still in it stops the upload.</summary>
    internal static void RequireNoDeploySettings(DotEnvFile uploaded)
    {
        if (uploaded.Statements.FirstOrDefault(statement => IsDeploySetting(statement.Key)) is { } left)
        {
            throw new InvalidOperationException(
                $"{uploaded.Path}: {left.Key} is still on line {left.FirstLine} of the .env the release would carry after the DEPLOY_* settings were taken out; nothing was uploaded.");
        }
    }

    private static bool IsDeploySetting(string key) => key.StartsWith(DeployPrefix, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link resolved; refuses links leading out of the stack, loops and dangling links.</summary>
    private string RealPath(string path, string relative)
    {
        var resolved = Realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            var error = Marshal.GetLastPInvokeError();
            var target = new FileInfo(path).LinkTarget ?? path;
            throw new BuildInputException(error == ErrorTooManyLinks
                ? $"{path} is a symbolic link loop ({target}): remove the link or list it in {IgnoreFileName}."
                : $"{path} points to {target}, which does not exist: remove the link or list it in {IgnoreFileName}.");
        }

        string real;
        try
        {
            real = Marshal.PtrToStringUTF8(resolved)!;
        }
        finally
        {
            Free(resolved);
        }

        if (_realRoot is not null && real != _realRoot && !real.StartsWith(_realRoot + "/", StringComparison.Ordinal))
        {
            throw new BuildInputException(
                $"{Path.Combine(Root, relative)} is a symbolic link to {real}, outside the stack {Root}: copy what it needs into the stack, or list it in {IgnoreFileName}.");
        }

        return real;
    }

    private static List<string> Entries(string directory)
    {
        // Dot files are "hidden" to .NET on Unix, and .env is one of them: skip no attribute.
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        try
        {
            return [.. Directory.EnumerateFileSystemEntries(directory, "*", options)];
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new BuildInputException($"{directory} cannot be read ({ex.Message}): let the deploying user read it, or list it in {IgnoreFileName}.");
        }
    }

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr Realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
