using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Accounts;

public sealed record UsersSettings(IReadOnlyList<string> CozyApps, string CozyQuota, string? CozyApp)
{
    public static readonly Setting CozyAppsSetting = new("cozy-apps", "Apps InitCozyInstance installs, comma-separated slugs.", "drive,settings")
    {
        ReadBy = [nameof(InitCozyInstance), nameof(InitUsers)],
    };

    public static readonly Setting CozyQuotaSetting = new("cozy-quota", "Disk quota of the Cozy instance InitCozyInstance creates, e.g. 30GB.", "30GB")
    {
        ReadBy = [nameof(InitCozyInstance), nameof(InitUsers)],
    };

    public static readonly Setting AppSetting = new("app", "The Cozy app InstallCozyApp installs, by its slug (e.g. notes).")
    {
        ReadBy = [nameof(InstallCozyApp)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } = [CozyAppsSetting, CozyQuotaSetting, AppSetting];

    public static UsersSettings Read(SettingSources sources)
    {
        var apps = sources.GetList(CozyAppsSetting);
        var app = sources.Find(AppSetting);
        foreach (var slug in apps.Append(app?.Value).OfType<string>())
        {
            if (!IsSlug(slug))
            {
                throw new BuildInputException($"Cozy app '{slug}' is not an app slug: use lower-case letters, digits and '-', as in 'drive' or 'notes'.");
            }
        }

        var quota = sources.Get(CozyQuotaSetting)!;
        if (!IsQuota(quota))
        {
            throw new BuildInputException($"{CozyQuotaSetting.Option}={quota} is not a size: write a number with a unit, as in 30GB or 500MB.");
        }

        return new UsersSettings(apps, quota, app?.Value);
    }

    private static bool IsSlug(string slug) =>
        slug.Length > 0 && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static bool IsQuota(string quota) =>
        quota.Length > 1
        && char.IsAsciiDigit(quota[0])
        && quota.TrimEnd('B', 'b', 'i').TrimEnd('K', 'M', 'G', 'T', 'k', 'm', 'g', 't').All(char.IsAsciiDigit);
}
