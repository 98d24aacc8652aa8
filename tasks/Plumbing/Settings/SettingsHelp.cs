using Cake.Core;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>
/// Lists the settings in --help by area, each with its environment variable and default: every
/// setting, or with --target only those the targets and their dependencies read.
/// </summary>
public sealed class SettingsHelp : IHelpSection
{
    public void Write(IConsole console, IReadOnlySet<string>? tasks)
    {
        console.WriteLine(tasks is null
            ? "Settings (command line --name=value, else the environment variable, else the stack's .env):"
            : $"Settings {string.Join(", ", tasks.Order(StringComparer.Ordinal))} read (command line --name=value, else the environment variable, else the stack's .env):");
        foreach (var (area, settings) in SettingCatalog.Areas)
        {
            var read = settings.Where(setting => tasks is null || SettingReaders.Of(setting) is not { } readers || readers.Any(tasks.Contains)).ToList();
            if (read.Count == 0)
            {
                continue;
            }

            console.WriteLine($" {area}:");
            foreach (var setting in read)
            {
                var secret = setting.Secret ? " Secret: environment or .env only." : string.Empty;
                var byDefault = setting.Default is null ? string.Empty : $" Default: {setting.Default}.";
                console.WriteLine($"  {setting.Option,-24} {setting.EnvironmentVariable,-28} {setting.Description}{byDefault}{secret}");
            }
        }
    }
}
