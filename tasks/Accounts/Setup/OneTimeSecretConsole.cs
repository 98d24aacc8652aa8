using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Accounts.Setup;

/// <summary>
/// Where a bearer secret meant for the person running the tool (Passbolt's registration link) may be
/// shown: straight on the console, past the log, and only in a run someone watches. A CI job keeps its
/// output in logs others read, and --format=json output is read by programs, so neither gets one:
/// <see cref="WhyNot"/> then says which.
/// </summary>
public sealed record OneTimeSecretConsole(TextWriter? Console, string? WhyNot)
{
    public static OneTimeSecretConsole For(string? ci, OutputFormat format, TextWriter console) =>
        string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) ? new(null, "this run has CI=true, and a CI job's output is kept in its logs")
        : format == OutputFormat.Json ? new(null, "this run has --format=json, whose output programs read")
        : new(console, null);
}
