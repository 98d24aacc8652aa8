namespace PrivateCloud.Tasks.Plumbing.Settings;

public static class SettingPaths
{
    /// <summary>Expands a leading <c>~/</c> to the user's home, as a shell would.</summary>
    public static string Expand(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
