using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Settings;

/// <summary>
/// How the reporting tasks print their result: lines for a person, or one JSON document on stdout for
/// a program, with every log line moved to stderr. Read before anything logs, from the command line or
/// the environment only, since the .env is read after the first lines are written.
/// </summary>
public static class OutputFormat
{
    public const string Text = "text";
    public const string Json = "json";

    public static readonly Setting Format = new(
        "format", "Output of the reporting tasks (BackupStatus, VerifyBackup, BackupFiles, RestoreTest): text, or json on stdout with the logs on stderr.", Text)
    {
        Bootstrap = true,
        ReadBy = ["BackupStatus", "VerifyBackup", "BackupFiles", "RestoreTest"],
    };

    public static bool IsJson(SettingSources sources)
    {
        var found = sources.Find(Format);
        return found?.Value switch
        {
            null or Text => false,
            Json => true,
            _ => throw new BuildInputException($"{found.Value.Origin}: {Format.Option} takes {Text} or {Json}; '{found.Value.Value}' is neither."),
        };
    }

    /// <summary>The same answer from the raw command line and environment, for the host to route the console before the settings are read.</summary>
    public static bool IsJson(IEnumerable<string> args, Func<string, string?> environment)
    {
        string? value = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith(Format.Option + "=", StringComparison.OrdinalIgnoreCase))
            {
                value = arg[(Format.Option.Length + 1)..];
            }
        }

        value ??= environment(Format.EnvironmentVariable);
        return string.Equals(value, Json, StringComparison.Ordinal);
    }
}
