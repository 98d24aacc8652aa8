
namespace PrivateCloud.Tasks.Remote;

/// <summary>What a finished remote command left behind. <see cref="ExitSignal"/> is set when a signal killed it.</summary>
public sealed record CommandResult(int? ExitStatus, string Stdout, string Stderr, string? ExitSignal = null)
{
    /// <summary>What dry-run answers for every command: success with no output.</summary>
    public static CommandResult DryRun { get; } = new(0, string.Empty, string.Empty);

    public bool Succeeded => ExitStatus == 0;
}
