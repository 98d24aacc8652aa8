namespace PrivateCloud.Tasks.Plumbing.Processes;

/// <summary>
/// One external program to run. Arguments are passed one by one (never through a shell), so no
/// value needs escaping by the caller. Secrets belong in <see cref="Environment"/>, not in arguments:
/// a command line is visible to every user of the host through /proc.
/// </summary>
public sealed record CommandRequest(string Program, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to (or overriding) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>After this long the program is killed and the result reports <see cref="CommandResult.TimedOut"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Capture the output without streaming it to the log (machine-readable output such as JSON).</summary>
    public bool Quiet { get; init; }

    /// <summary>The command as shown to the user: program and arguments, secrets masked by the caller's redactor.</summary>
    public string Display => string.Join(' ', Arguments.Prepend(Program).Select(QuoteForDisplay));

    private static string QuoteForDisplay(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:,@".Contains(c))
            ? argument
            : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
