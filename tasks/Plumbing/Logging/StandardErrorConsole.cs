using Cake.Core;

namespace PrivateCloud.Tasks.Plumbing.Logging;

/// <summary>
/// Sends everything Cake would print (logs, the task summary) to stderr, so that with
/// <c>--format=json</c> stdout carries the JSON document and nothing else.
/// </summary>
public sealed class StandardErrorConsole(IConsole inner) : IConsole
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

    public void Write(string format, params object[] arg) => inner.WriteError(format, arg);

    public void Write(string value) => inner.WriteError(value);

    public void WriteLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);

    public void WriteLine(string value) => inner.WriteErrorLine(value);

    public void WriteError(string format, params object[] arg) => inner.WriteError(format, arg);

    public void WriteError(string value) => inner.WriteError(value);

    public void WriteErrorLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);

    public void WriteErrorLine(string value) => inner.WriteErrorLine(value);

    public void ResetColor() => inner.ResetColor();
}
