namespace PrivateCloud.Tasks.Plumbing.DotEnv;

/// <summary>One variable of a <c>.env</c> file: its name, its final value and the line that set it.</summary>
public sealed record DotEnvEntry(string Key, string Value, int Line)
{
    // The value may be a secret: a logged or formatted entry must never show it.
    public override string ToString() => $"{Key} (line {Line})";
}
