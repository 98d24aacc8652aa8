namespace PrivateCloud.Tasks.Docker;

/// <summary>What a command run in a service's container printed and how it ended; the text is redacted.</summary>
public sealed record ExecResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
