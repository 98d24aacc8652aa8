namespace PrivateCloud.Tasks.Settings;

/// <summary>
/// The settings a task reads beyond the ones every run shares (stack, .env, host connection,
/// compose project), by name without the dashes: the README's task table lists them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReadsSettingsAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
