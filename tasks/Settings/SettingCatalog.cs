using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Git;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Testing;
using PrivateCloud.Tasks.Users;

namespace PrivateCloud.Tasks.Settings;

/// <summary>Every setting of every area: what --help lists and what the command line is checked against.</summary>
public static class SettingCatalog
{
    public static IReadOnlyList<Setting> All { get; } = [.. CoreSettings.All, .. ConfigurationSettings.Definitions, .. ComposeSettings.Definitions, .. DeploySettings.Definitions, .. GitSettings.Definitions, .. HostSettings.Definitions, .. RemoteSettings.Definitions, .. TestSettings.Definitions, .. UsersSettings.Definitions, .. MailSettings.Definitions];

    public static Setting? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
