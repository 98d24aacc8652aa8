
namespace PrivateCloud.Tasks.Processes;

/// <summary>
/// What a finished program left behind. The captured text is already redacted: it ends up in
/// messages and logs, and no caller needs a known secret back from a command.
/// </summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
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
