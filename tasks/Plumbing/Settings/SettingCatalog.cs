using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Git;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Testing;
using PrivateCloud.Tasks.Accounts;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>Every setting of every area: what --help lists and what the command line is checked against.</summary>
public static class SettingCatalog
{
    /// <summary>The settings by area, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<(string Area, IReadOnlyList<Setting> Settings)> Areas { get; } =
    [
        ("stack and host", CoreSettings.All),
        ("SSH connection", RemoteSettings.Definitions),
        ("configuration", ConfigurationSettings.Definitions),
        ("compose", ComposeSettings.Definitions),
        ("deploy", DeploySettings.Definitions),
        ("git", GitSettings.Definitions),
        ("host", [.. HostSettings.Definitions, .. MaintenanceSettings.Definitions, .. DataDiskSettings.Definitions]),
        ("mail DNS", MailSettings.Definitions),
        ("application accounts", UsersSettings.Definitions),
        ("checks", [.. CheckSettings.Definitions, OutputFormats.Setting]),
        ("testing", TestSettings.Definitions),
        ("backup", BackupSettings.Definitions),
    ];

    public static IReadOnlyList<Setting> All { get; } = [.. Areas.SelectMany(area => area.Settings)];

    public static Setting? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether a variable holds a secret: by its name, except the catalog's own settings, which say
    /// themselves (DEPLOY_ACCEPT_NEW_HOST_KEY names a key but holds a flag).
    /// </summary>
    public static bool IsSecretVariable(string name) =>
        All.FirstOrDefault(s => s.EnvironmentVariable == name) is { } setting ? setting.Secret : SecretRedactor.IsSecretName(name);
}
