using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Settings;

public static class SettingPaths
{
    /// <summary>Expands a leading <c>~/</c> to the user's home, as a shell would.</summary>
    public static string Expand(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;

    /// <summary>An absolute path on the host, without a trailing slash; a relative one would land wherever the SSH login starts: the home of whoever connects.</summary>
    public static string AbsoluteOnHost(string path, string origin, Setting setting) =>
        path.StartsWith('/') && !path.Contains('\0')
            ? path.Length > 1 ? path.TrimEnd('/') : path
            : throw new BuildInputException($"{origin}: {setting.Option} takes absolute paths on the host, like /mnt/files; '{path}' is not one.");
}
