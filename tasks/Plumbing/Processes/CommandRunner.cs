using System.ComponentModel;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tasks.Plumbing.Processes;

/// <summary>
/// Runs external programs through Cake's process runner, streams every output line to the log as
/// it arrives (so a long docker build shows progress) and hands back the exit code and the output.
/// Every line passes through the <see cref="SecretRedactor"/> before it is logged or kept.
/// </summary>
public sealed class CommandRunner
{
    // After a timeout Cake kills the program, but a child it started may still hold the output
    // pipes open; waiting this long for them keeps the last lines without hanging on the child.
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(2);

    private readonly IProcessRunner _processRunner;
    private readonly SecretRedactor _redactor;
    private readonly Action<string> _output;
    private readonly Lock _outputGate = new();

    /// <param name="output">Receives each streamed line, already redacted.</param>
    public CommandRunner(IProcessRunner processRunner, SecretRedactor redactor, Action<string> output)
    {
        _processRunner = processRunner;
        _redactor = redactor;
        _output = output;
    }

    /// <summary>Streams lines to the Cake log at normal verbosity.</summary>
    public CommandRunner(IProcessRunner processRunner, SecretRedactor redactor, ICakeLog log)
        : this(processRunner, redactor, line => log.Information("{0}", line))
    {
    }

    public CommandResult Run(CommandRequest request)
    {
        // A variable named like a secret is one, even if nobody registered its value yet, unless its value cannot be (a flag, a number).
        foreach (var (_, value) in request.Environment.Where(v => SecretRedactor.IsSecretName(v.Key) && SecretRedactor.Unmaskable(v.Value) is null))
        {
            _redactor.Add(value);
        }

        var command = _redactor.Redact(request.Display);
        var standardOutput = new List<string>();
        var standardError = new List<string>();
        var settings = new ProcessSettings
        {
            Arguments = BuildArguments(request.Arguments),
            WorkingDirectory = request.WorkingDirectory is null ? null : new DirectoryPath(request.WorkingDirectory),
            EnvironmentVariables = request.Environment.ToDictionary(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectedStandardOutputHandler = line => Receive(line, standardOutput, request.Quiet),
            RedirectedStandardErrorHandler = line => Receive(line, standardError, request.Quiet),
        };

        using var process = Start(request, command, settings);
        var timedOut = !WaitForExit(process, request.Timeout);
        var exitCode = process.GetExitCode();
        return new CommandResult(exitCode, Joined(standardOutput), Joined(standardError)) { Command = command, TimedOut = timedOut };
    }

    private IProcess Start(CommandRequest request, string command, ProcessSettings settings)
    {
        try
        {
            return _processRunner.Start(new FilePath(request.Program), settings)
                   ?? throw new CommandFailedException($"Could not start `{command}`.");
        }
        catch (Win32Exception exception)
        {
            throw new CommandFailedException(
                $"Could not start `{command}`: {exception.Message}. Is '{request.Program}' installed and on PATH?",
                innerException: exception);
        }
    }

    private static bool WaitForExit(IProcess process, TimeSpan? timeout)
    {
        if (timeout is null)
        {
            process.WaitForExit();
            return true;
        }

        // Cake kills the program when the wait runs out.
        if (process.WaitForExit((int)timeout.Value.TotalMilliseconds))
        {
            process.WaitForExit();
            return true;
        }

        process.WaitForExit((int)DrainAfterKill.TotalMilliseconds);
        return false;
    }

    /// <summary>Each argument quoted on its own; one carrying a known secret is rendered masked in Cake's "Executing:" log.</summary>
    private ProcessArgumentBuilder BuildArguments(IEnumerable<string> arguments)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments)
        {
            if (_redactor.ContainsSecret(argument))
            {
                builder.AppendQuotedSecret(argument);
            }
            else
            {
                builder.AppendQuoted(argument);
            }
        }

        return builder;
    }

    // Cake calls the handler from its reader threads, once per line and once with null at the end
    // of the stream. Returning null keeps Cake from queueing (and later logging) the raw line.
    private string? Receive(string? line, List<string> captured, bool quiet)
    {
        if (line is null)
        {
            return null;
        }

        var redacted = _redactor.Redact(line);
        lock (captured)
        {
            captured.Add(redacted);
        }

        if (!quiet)
        {
            lock (_outputGate)
            {
                _output(redacted);
            }
        }

        return null;
    }

    private static string Joined(List<string> lines)
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }
}
