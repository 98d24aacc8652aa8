namespace PrivateCloud.Tasks.Plumbing.Packages;

/// <summary>Reads <c>dpkg-query -W -f='${Status}'</c>: "want flag status", e.g. <c>install ok installed</c>.</summary>
public static class DpkgStatus
{
    /// <summary>
    /// Only "installed" counts: a package removed but not purged ("deinstall ok config-files") or
    /// half-configured still needs apt-get install. dpkg-query fails for a package it never saw.
    /// </summary>
    public static bool IsInstalled(string status)
    {
        var words = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 3 && words[2] == "installed";
    }
}
