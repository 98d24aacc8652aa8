using System.Globalization;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>
/// Resolves settings with their precedence: command line, then environment, then the stack's .env,
/// then the default. Errors name the setting and where its bad value came from.
/// </summary>
public sealed class SettingSources(
    ILookup<string, string> arguments,
    Func<string, string?> environment,
    IReadOnlyDictionary<string, (string Value, string Origin)>? dotEnv = null)
{
    public SettingSources WithDotEnv(IReadOnlyDictionary<string, (string Value, string Origin)> values) =>
        new(arguments, environment, values);

    public string? Get(Setting setting) => Find(setting)?.Value ?? setting.Default;

    /// <summary>
    /// The value and where it came from, or null when only the default applies. No setting takes a
    /// control character: values end up in files on the host (a cron job, fstab, a boot hook), where a
    /// line break would start a line of the writer's choosing.
    /// </summary>
    public (string Value, string Origin)? Find(Setting setting)
    {
        var found = FindAnywhere(setting);
        if (found is { } given && given.Value.Any(char.IsControl))
        {
            throw new BuildInputException(
                $"{given.Origin}: {setting.Option} holds a control character (a line break, tab or the like), which no setting takes: remove it.");
        }

        return found;
    }

    private (string Value, string Origin)? FindAnywhere(Setting setting)
    {
        var fromCommandLine = arguments[setting.Name].LastOrDefault();
        if (fromCommandLine is not null)
        {
            if (setting.Secret)
            {
                throw new BuildInputException(
                    $"{setting.Option} is a secret and is not taken on the command line, where other users "
                    + $"and shell history can read it: set {setting.EnvironmentVariable} in the environment or the .env.");
            }

            return (fromCommandLine, $"{setting.Option} (command line)");
        }

        var fromEnvironment = environment(setting.EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return (fromEnvironment, $"{setting.EnvironmentVariable} (environment)");
        }

        if (!setting.Bootstrap && dotEnv is not null
            && dotEnv.TryGetValue(setting.EnvironmentVariable, out var fromDotEnv) && fromDotEnv.Value.Length > 0)
        {
            return fromDotEnv;
        }

        return null;
    }

    public bool GetFlag(Setting setting)
    {
        var found = Find(setting);
        if (found is null)
        {
            return bool.Parse(setting.Default ?? bool.FalseString);
        }

        return bool.TryParse(found.Value.Value, out var flag)
            ? flag
            : throw new BuildInputException($"{found.Value.Origin}: {setting.Option} takes true or false.");
    }

    public int GetInt(Setting setting, int minimum, int maximum)
    {
        var found = Find(setting);
        var text = found?.Value ?? setting.Default
            ?? throw new InvalidOperationException($"{setting.Option} has no default.");
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            && number >= minimum && number <= maximum)
        {
            return number;
        }

        var origin = found?.Origin ?? $"{setting.Option} (default)";
        throw new BuildInputException($"{origin}: {setting.Option} takes a whole number from {minimum} to {maximum}.");
    }

    public IReadOnlyList<string> GetList(Setting setting) =>
        (Get(setting) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
