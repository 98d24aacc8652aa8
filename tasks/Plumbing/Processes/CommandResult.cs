namespace PrivateCloud.Tasks.Plumbing.Processes;

/// <summary>
/// What a finished command left behind, whether it ran here (<see cref="CommandRunner"/>) or on the
/// host (<c>RemoteShell</c>). The captured text is already redacted: it ends up in messages and logs,
/// and no caller needs a known secret back from a command.
/// </summary>
/// <param name="ExitCode">Null when a signal ended the command (<see cref="ExitSignal"/>).</param>
public sealed record CommandResult(int? ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>What a change answers in a dry run, where it is shown but not run: success with no output.</summary>
    public static CommandResult NotRun { get; } = new(0, string.Empty, string.Empty);

    /// <summary>The command as shown to the user, for <see cref="EnsureSuccess"/>; empty where the caller names it itself.</summary>
    public string Command { get; init; } = string.Empty;

    public bool TimedOut { get; init; }

    /// <summary>The signal that ended the command, when one did.</summary>
    public string? ExitSignal { get; init; }

    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>Throws <see cref="CommandFailedException"/> naming what was attempted unless the program succeeded.</summary>
    public CommandResult EnsureSuccess(string attempted)
    {
        if (Succeeded)
        {
            return this;
        }

        var outcome = TimedOut ? "timed out" : $"exited with code {ExitCode}";
        var detail = LastLines(string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError);
        var message = detail.Length == 0
            ? $"{attempted} failed: `{Command}` {outcome}."
            : $"{attempted} failed: `{Command}` {outcome}: {detail}";
        throw new CommandFailedException(message, this);
    }

    // The tail of the output is where programs put the reason they stopped; the rest was streamed already.
    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(5));
    }
}
