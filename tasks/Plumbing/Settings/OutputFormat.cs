using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>How reporting tasks print their findings: lines for a person, or one JSON document on stdout.</summary>
public enum OutputFormat
{
    Text,
    Json,

    /// <summary>Zone-file lines (MailDnsRecords).</summary>
    Zone,

    /// <summary>Aligned columns (MailDnsRecords).</summary>
    Table,
}

public static class OutputFormats
{
    public static readonly Setting Setting = new(
        "format", "Reporting tasks (CheckEndpoints, Doctor, ShowStatus, BackupStatus, VerifyBackup, BackupFiles, RestoreTest, VerifyDns) print text or json, MailDnsRecords zone, json or table; json puts only the JSON document on stdout, logs on stderr, and InitPassboltAdmin then creates no admin, whose registration link no one would see.", "text")
    {
        // Chosen before the .env is read: it decides where the very first log line goes.
        Bootstrap = true,
        // Each reporting task declares it with [ReadsSettings]: the plumbing names no task.
        ReadBy = [],
    };

    public static OutputFormat Read(SettingSources sources)
    {
        var found = sources.Find(Setting);
        return found?.Value.ToLowerInvariant() switch
        {
            null or "text" => OutputFormat.Text,
            "json" => OutputFormat.Json,
            "zone" => OutputFormat.Zone,
            "table" => OutputFormat.Table,
            _ => throw new BuildInputException($"{found!.Value.Origin}: {Setting.Option} takes text, json, zone or table, not '{found.Value.Value}'."),
        };
    }

    /// <summary>Whether the command line or environment asks for JSON: read before the settings, to route the console.</summary>
    public static bool WantsJson(ILookup<string, string> arguments, Func<string, string?> environment)
    {
        var value = arguments[Setting.Name].LastOrDefault() ?? environment(Setting.EnvironmentVariable);
        return string.Equals(value, "json", StringComparison.OrdinalIgnoreCase);
    }
}
