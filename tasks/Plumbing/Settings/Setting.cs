namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>
/// A setting the tasks read: given as <c>--name=value</c>, else by its environment variable,
/// else by the same variable in the stack's <c>.env</c>, else its default. Each is defined once,
/// as a static field of its area's settings record named after the option in PascalCase
/// (<c>--keep-releases</c>: <c>KeepReleases</c>), with <c>Setting</c> appended only where the record
/// has a member of that name (<c>TemplatesSetting</c> beside <c>Templates</c>); messages, help and
/// the README name it through <see cref="Option"/> and <see cref="EnvironmentVariable"/>.
/// </summary>
public sealed record Setting(string Name, string Description, string? Default = null)
{
    /// <summary>The value is a secret: it is redacted everywhere.</summary>
    public bool Secret { get; init; }

    /// <summary>A Deploy cannot run without it; Plan lists it while it is missing.</summary>
    public bool RequiredForDeploy { get; init; }

    /// <summary>Read before the stack's .env is loaded, so the .env cannot set it.</summary>
    public bool Bootstrap { get; init; }

    /// <summary>
    /// The tasks of its own area whose work it changes, for <c>--target=X --help</c> and the README; null
    /// when every task reads it (where the stack is, how to reach the host). A task of another area declares
    /// it with <see cref="ReadsSettingsAttribute"/> instead, so that <see cref="SettingReaders"/> lists it.
    /// </summary>
    public IReadOnlyList<string>? ReadBy { get; init; }

    public string EnvironmentVariable { get; init; } = "DEPLOY_" + Name.ToUpperInvariant().Replace('-', '_');

    public string Option => OptionFor(Name);

    /// <summary>How the command line names the setting called <paramref name="name"/>: <c>--name</c>.</summary>
    public static string OptionFor(string name) => "--" + name;
}
