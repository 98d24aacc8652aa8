using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Configuration;

public sealed record ConfigurationSettings(
    string Templates, bool AllowUndefined, string DkimKey, int DkimBits, string StatusUser, string? StatusPassword, bool AddMissing)
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

    public static readonly Setting DkimKeySetting = new(
        "dkim-key", "The mail DKIM private key (PEM); created when missing, never overwritten.", "<stack>/configurations/mail/dkim/private.key")
    {
        ReadBy = [nameof(CreateDkimKey)],
    };

    public static readonly Setting DkimBitsSetting = new(
        "dkim-bits", "Size of a new DKIM key: 2048 or more; 1024 is accepted with a warning.", "2048")
    {
        ReadBy = [nameof(CreateDkimKey)],
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
        [TemplatesSetting, AllowUndefinedSetting, DkimKeySetting, DkimBitsSetting, StatusUserSetting, StatusPasswordSetting, AddMissingSetting];

    public static ConfigurationSettings Read(SettingSources sources, string stackDirectory) => new(
        sources.Get(TemplatesSetting)!,
        sources.GetFlag(AllowUndefinedSetting),
        sources.Find(DkimKeySetting) is { } given
            ? Path.GetFullPath(given.Value)
            : Path.Combine(stackDirectory, "configurations", "mail", "dkim", "private.key"),
        sources.GetInt(DkimBitsSetting, 1024, 16384),
        sources.Get(StatusUserSetting)!,
        sources.Find(StatusPasswordSetting)?.Value,
        sources.GetFlag(AddMissingSetting));
}
