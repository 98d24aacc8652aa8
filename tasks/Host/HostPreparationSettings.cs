using System.Text.RegularExpressions;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

/// <summary>What PrepareHost installs; the directories it makes, and their owners, come from the compose file's bind volumes.</summary>
public sealed partial record HostPreparationSettings(IReadOnlyList<string> Packages)
{
    public static HostPreparationSettings Read(SettingSources sources)
    {
        var packages = sources.Find(HostSettings.Packages) ?? (HostSettings.Packages.Default!, $"{HostSettings.Packages.Option} (default)");
        var names = packages.Value.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        // Names go into a root command line: only what Debian allows in a package name gets there.
        var invalid = names.FirstOrDefault(name => !PackageName().IsMatch(name));
        if (invalid is not null)
        {
            throw new BuildInputException($"{packages.Origin}: '{invalid}' is not a Debian package name (lower-case letters, digits, '+', '-', '.').");
        }

        return new HostPreparationSettings(names);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]+\z")]
    private static partial Regex PackageName();
}
