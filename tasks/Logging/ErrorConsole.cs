using Cake.Core;

namespace PrivateCloud.Tasks.Logging;

/// <summary>
/// The console the log writes to when stdout carries machine-readable output (--format=json):
/// every line goes to stderr, so <c>&gt; out.json</c> keeps only the JSON.
/// </summary>
public sealed class ErrorConsole(IConsole inner) : IConsole
{
    public ConsoleColor ForegroundColor
    {
        get => inner.ForegroundColor;
        set => inner.ForegroundColor = value;
    }

    public ConsoleColor BackgroundColor
    {
        get => inner.BackgroundColor;
        set => inner.BackgroundColor = value;
    }

    public bool SupportAnsiEscapeCodes => inner.SupportAnsiEscapeCodes;

    /// <summary>Whether this run's stdout is for machines: --format=json on the command line or in DEPLOY_FORMAT.</summary>
    public static bool IsWanted(ILookup<string, string> arguments, Func<string, string?> environment) =>
        (arguments[Settings.CoreSettings.Format.Name].LastOrDefault() ?? environment(Settings.CoreSettings.Format.EnvironmentVariable)) == "json";

    public void Write(string format, params object[] arg) => inner.WriteError(format, arg);

    public void Write(string value) => inner.WriteError("{0}", value);

    public void WriteLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);

    public void WriteLine(string value) => inner.WriteErrorLine("{0}", value);

    public void WriteError(string format, params object[] arg) => inner.WriteError(format, arg);

    public void WriteError(string value) => inner.WriteError("{0}", value);

    public void WriteErrorLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);

    public void WriteErrorLine(string value) => inner.WriteErrorLine("{0}", value);

    public void ResetColor() => inner.ResetColor();
}
