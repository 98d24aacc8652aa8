using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Configuration;

public sealed record ConfigurationSettings(
    string Templates, bool AllowUndefined, string StatusUser, string? StatusPassword, bool AddMissing)
{
    public static readonly Setting TemplatesSetting = new(
        "templates", "Templates to render, globs relative to the stack, comma-separated.", TemplateSet.DefaultGlobs)
    {
        ReadBy = [nameof(RenderConfiguration)],
    };

    public static readonly Setting AllowUndefinedSetting = new(
        "allow-undefined", "Render undefined variables as empty (as the old scripts did), one warning each.", "false")
    {
        ReadBy = [nameof(RenderConfiguration)],
    };

    public static readonly Setting StatusUserSetting = new(
        "status-user", "The login StatusPassword and NewEnv write into STATUS_CREDENTIALS for Traefik's dashboard.", "admin")
    {
        ReadBy = [nameof(StatusPassword), nameof(NewEnv)],
    };

    public static readonly Setting StatusPasswordSetting = new(
        "status-password", "The dashboard password StatusPassword hashes; asked on the terminal when not set.")
    {
        Secret = true,
        ReadBy = [nameof(StatusPassword)],
    };

    public static readonly Setting AddMissingSetting = new(
        "add-missing", "NewEnv appends to an existing .env the variables .env.dist has and it lacks, leaving every existing line as it is.", "false")
    {
        ReadBy = [nameof(NewEnv)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } =
        [TemplatesSetting, AllowUndefinedSetting, StatusUserSetting, StatusPasswordSetting, AddMissingSetting];

    public static ConfigurationSettings Read(SettingSources sources) => new(
        sources.Get(TemplatesSetting)!,
        sources.GetFlag(AllowUndefinedSetting),
        sources.Get(StatusUserSetting)!,
        sources.Find(StatusPasswordSetting)?.Value,
        sources.GetFlag(AddMissingSetting));
}
