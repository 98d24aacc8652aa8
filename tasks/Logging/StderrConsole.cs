using Cake.Core;

namespace PrivateCloud.Tasks.Logging;

/// <summary>
/// Sends everything Cake would print on stdout to stderr instead: with --format=json, stdout carries
/// only the task's JSON document, so a program can read it without picking it out of log lines.
/// </summary>
public sealed class StderrConsole(IConsole inner) : IConsole
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

    public void WriteLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);

    public void WriteError(string format, params object[] arg) => inner.WriteError(format, arg);

    public void WriteErrorLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);

    public void ResetColor() => inner.ResetColor();
}
