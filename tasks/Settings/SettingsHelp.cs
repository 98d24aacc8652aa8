using Cake.Core;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Settings;

/// <summary>Lists every setting in --help, with its environment variable and default.</summary>
public sealed class SettingsHelp : IHelpSection
{
    public void Write(IConsole console)
    {
        console.WriteLine("Settings (command line --name=value, else the environment variable, else the stack's .env):");
        foreach (var setting in SettingCatalog.All)
        {
            var secret = setting.Secret ? " Secret: environment or .env only." : string.Empty;
            var byDefault = setting.Default is null ? string.Empty : $" Default: {setting.Default}.";
            console.WriteLine($"  {setting.Option,-24} {setting.EnvironmentVariable,-28} {setting.Description}{byDefault}{secret}");
        }
    }
}
