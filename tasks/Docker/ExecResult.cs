namespace PrivateCloud.Tasks.Docker;

/// <summary>What a command run in a service's container printed and how it ended; the text is redacted.</summary>
public sealed record ExecResult(int ExitCode, string Output, string Error)
{
    /// <summary>The command was not run: the remote shell runs nothing in a dry run, reads included.</summary>
    public static ExecResult NotAsked { get; } = new(-1, string.Empty, string.Empty) { Asked = false };

    public bool Asked { get; private init; } = true;

    public bool Succeeded => ExitCode == 0;
}
