namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>
/// The stack's variables as docker compose sees them: the .env file, with a variable of the same
/// name in the environment taking precedence. Each value remembers where it came from.
/// </summary>
public sealed class StackVariables(IReadOnlyDictionary<string, (string Value, string Origin)> values)
{
    public IReadOnlyDictionary<string, (string Value, string Origin)> WithOrigins { get; } = values;

    public IReadOnlyDictionary<string, string> Values { get; } =
        values.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal);

    public string? this[string name] => Values.GetValueOrDefault(name);

    public bool IsSet(string name) => !string.IsNullOrEmpty(this[name]);
}
