using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// One authenticated SSH connection to the target. Opening it checks the host key against
/// <see cref="HostKeyPolicy"/> and turns every SSH.NET failure into one line naming the host.
/// </summary>
public sealed class SshConnection : IDisposable
{
    /// <summary>What coreutils' timeout exits with when it stopped the command.</summary>
    private const int HostTimeoutStatus = 124;

    private static readonly TimeSpan ClientGrace = TimeSpan.FromSeconds(10);

    private readonly SshClient _client;

    private SshConnection(SshClient client) => _client = client;

    public static SshConnection Open(SshSettings settings)
    {
        var target = settings.Target;
        var key = LoadKey(settings);
        var info = new ConnectionInfo(target.Host, target.Port, target.User, new PrivateKeyAuthenticationMethod(target.User, key))
        {
            Timeout = settings.ConnectTimeout,
        };
        OfferTrustedAlgorithmsFirst(info, KnownHosts.Load(settings.KnownHostsFile).TrustedKeyTypes(target.KnownHostsName));

        var client = new SshClient(info);
        var policy = settings.HostKeyPolicy;
        var refusal = string.Empty;
        client.HostKeyReceived += (_, e) => e.CanTrust = policy.Accepts(target, e.HostKey, out refusal);

        try
        {
            client.Connect();
            return new SshConnection(client);
        }
        catch (Exception ex) when (refusal.Length > 0)
        {
            client.Dispose();
            throw new RemoteConnectionException(refusal, ex);
        }
        catch (Exception ex)
        {
            client.Dispose();
            throw Describe(ex, settings);
        }
    }

    /// <summary>
    /// The server presents the key of the first algorithm both sides offer, so a host known_hosts
    /// holds only by its RSA or ECDSA key must be asked for that one first: its ed25519 key, not in
    /// the file, would otherwise read as a changed key.
    /// </summary>
    private static void OfferTrustedAlgorithmsFirst(ConnectionInfo info, IReadOnlyList<string> trustedKeyTypes)
    {
        var preferred = trustedKeyTypes
            .SelectMany(type => type == "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", type] : new[] { type })
            .Where(info.HostKeyAlgorithms.ContainsKey)
            .ToList();
        for (var position = 0; position < preferred.Count; position++)
        {
            info.HostKeyAlgorithms.SetPosition(preferred[position], position);
        }
    }

    /// <summary>
    /// Runs a command line as given; checking the exit status is the caller's job. Stdin is always
    /// closed, so a command that reads it ends instead of waiting forever.
    /// </summary>
    /// <param name="onOutputLine">
    /// Receives each stdout and stderr line, without its line break, while the command still runs;
    /// one call at a time, so it need not be thread-safe. The result still holds the whole output.
    /// </param>
    /// <exception cref="TimeoutException">The command ran longer than <paramref name="timeout"/>; it is then killed.</exception>
    /// <exception cref="SshConnectionException">The connection broke while the command ran.</exception>
    public CommandResult Execute(string commandText, byte[]? input, TimeSpan timeout, Action<string>? onOutputLine = null)
    {
        // stdout and stderr are read on two threads; the lock hands their lines on one by one.
        var gate = new Lock();
        Action<string>? onLine = onOutputLine is null ? null : line =>
        {
            lock (gate)
            {
                onOutputLine(line);
            }
        };
        var stdout = new OutputLineReader(onLine);
        var stderr = new OutputLineReader(onLine);

        using (var command = _client.CreateCommand(KilledAfter(timeout, WithInputDrained(commandText, input))))
        {
            // The host's timeout ends the command; the client's own is a last resort for a host that stopped answering.
            command.CommandTimeout = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout + ClientGrace;
            var running = command.ExecuteAsync();
            var reading = Task.WhenAll(stdout.ReadToEndAsync(command.OutputStream), stderr.ReadToEndAsync(command.ExtendedOutputStream));
            var timedOut = false;
            try
            {
                if (input is { Length: > 0 })
                {
                    WriteInput(command, input);
                }

                running.GetAwaiter().GetResult();
            }
            catch (SshOperationTimeoutException)
            {
                timedOut = true;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                // The socket broke (reset, closed) while stdin was being sent, before SSH.NET saw the
                // connection go: it is lost all the same, and the caller says so naming host and command.
                throw new SshConnectionException(ex.Message, DisconnectReason.ConnectionLost, ex);
            }

            // SSH.NET ends both streams however the command ends; lines that came before a timeout
            // still reach the caller, as they tell how far the command got.
            reading.GetAwaiter().GetResult();
            if (timedOut || (timeout != Timeout.InfiniteTimeSpan && command.ExitStatus == HostTimeoutStatus))
            {
                // Not chained: SSH.NET's message quotes the command line, which may only be shown redacted.
                throw new TimeoutException("The remote command timed out.");
            }

            return new CommandResult(command.ExitStatus, stdout.Text, stderr.Text) { ExitSignal = command.ExitSignal };
        }
    }

    /// <summary>
    /// A command that ends without reading all its input would close the channel while the input is
    /// still on its way: the client then blocks on a channel window that never opens again, or its
    /// end-of-file reaches a channel sshd has already freed, and sshd drops the whole connection.
    /// So the host reads what the command left and ends only after the client's end-of-file; a
    /// command without input gets /dev/null and no input is sent (SSH.NET sends no end-of-file
    /// after zero bytes). The subshell keeps an `exit` or `set -e` of the command from skipping the drain.
    /// </summary>
    private static string WithInputDrained(string commandText, byte[]? input) =>
        input is not { Length: > 0 }
            ? $"{{ {commandText}\n}} </dev/null"
            : $"({commandText}\n); status=$?; cat >/dev/null; exit $status";

    /// <summary>
    /// The host ends the command itself: coreutils' timeout runs it in its own process group and, at
    /// the timeout, signals the whole group (TERM, then KILL two seconds later), children too, which
    /// closing the channel does not (a <c>sleep</c> would outlive it); it does so even when the
    /// connection is gone. The user's login shell still reads the command, as sshd would have it.
    /// </summary>
    private static string KilledAfter(TimeSpan timeout, string commandText) =>
        timeout == Timeout.InfiniteTimeSpan
            ? commandText
            : $"timeout -k 2 {((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} \"${{SHELL:-/bin/sh}}\" -c {ShellQuote.Quote(commandText)}";

    /// <summary>
    /// Starts a command that keeps running while the caller works on (a lock holder) and returns
    /// once it printed <paramref name="readyLine"/>; <see cref="HeldCommand.Finish"/> sends it its
    /// last input and waits for it to end; what it printed before that line is
    /// <see cref="HeldCommand.OutputBeforeReady"/>. If the connection drops, sshd ends it too. When the
    /// command ends without printing the line, <paramref name="ended"/> holds its result and null is returned.
    /// </summary>
    public HeldCommand? Hold(string commandText, string readyLine, TimeSpan timeout, out CommandResult? ended)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = new StringBuilder();
        var stdout = new OutputLineReader(line =>
        {
            if (ready.Task.IsCompleted)
            {
                return;
            }

            if (line == readyLine)
            {
                ready.TrySetResult();
            }
            else
            {
                before.Append(line).Append('\n');
            }
        });
        var stderr = new OutputLineReader(null);
        var command = _client.CreateCommand(commandText);
        command.CommandTimeout = Timeout.InfiniteTimeSpan;
        var running = command.ExecuteAsync();
        var reading = Task.WhenAll(stdout.ReadToEndAsync(command.OutputStream), stderr.ReadToEndAsync(command.ExtendedOutputStream));
        var stdin = command.CreateInputStream();
        var first = Task.WaitAny([ready.Task, Task.WhenAll(running, reading)], timeout);
        if (first == 0)
        {
            ended = null;
            return new HeldCommand(command, stdin, Task.WhenAll(running, reading), () => stderr.Text) { OutputBeforeReady = before.ToString() };
        }

        stdin.Dispose();
        if (first < 0)
        {
            command.CancelAsync();
        }

        Task.WhenAll(running, reading).ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(5));
        ended = new CommandResult(first < 0 ? null : command.ExitStatus, stdout.Text, stderr.Text) { ExitSignal = command.ExitSignal };
        command.Dispose();
        return null;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A command started by <see cref="Hold"/>, running until it gets its last input.</summary>
    public sealed class HeldCommand(SshCommand command, Stream stdin, Task ending, Func<string> stderr) : IDisposable
    {
        private static readonly TimeSpan EndWait = TimeSpan.FromSeconds(10);
        // Send runs on a timer's thread while Finish may run on the caller's: one writer at a time.
        private readonly Lock _input = new();
        private bool _inputClosed;
        private CommandResult? _result;

        /// <summary>What the command printed before its ready line, one line each: what it read for the caller once it held.</summary>
        public string OutputBeforeReady { get; init; } = string.Empty;

        /// <summary>
        /// Writes <paramref name="input"/>, closes stdin and waits for the command to end. The
        /// command should end on its input alone: not every server passes the end of stdin on.
        /// </summary>
        /// <returns>How it ended; a null exit status when it did not end in time.</returns>
        public CommandResult Finish(byte[] input)
        {
            if (_result is not null)
            {
                return _result;
            }

            lock (_input)
            {
                _inputClosed = true;
                try
                {
                    stdin.Write(input);
                    stdin.Flush();
                    stdin.Dispose();
                }
                catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or SshException or IOException)
                {
                    // The command already ended (its connection dropped): how it ended is the answer.
                }
            }

            var ended = ending.ContinueWith(_ => { }, TaskScheduler.Default).Wait(EndWait);
            _result = new CommandResult(ended ? command.ExitStatus : null, string.Empty, stderr()) { ExitSignal = command.ExitSignal };
            command.Dispose();
            return _result;
        }

        /// <summary>Writes <paramref name="input"/> and keeps stdin open; false once it is closed or the command has gone.</summary>
        public bool Send(byte[] input)
        {
            lock (_input)
            {
                if (_inputClosed)
                {
                    return false;
                }

                try
                {
                    stdin.Write(input);
                    stdin.Flush();
                    return true;
                }
                catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or SshException or IOException)
                {
                    return false;
                }
            }
        }

        public void Dispose() => Finish([]);
    }

    /// <summary>Sends the input and closes stdin, unless the command has already ended (killed at its timeout).</summary>
    private static void WriteInput(SshCommand command, byte[] input)
    {
        try
        {
            using var stdin = command.CreateInputStream();
            stdin.Write(input);
        }
        catch (InvalidOperationException)
        {
            // SSH.NET refuses a stdin stream once the command has finished: one killed at its
            // timeout before it started. The caller sees the timeout.
        }
    }

    private static PrivateKeyFile LoadKey(SshSettings settings)
    {
        var keyFile = settings.KeyFile;
        if (!File.Exists(keyFile))
        {
            throw new RemoteConnectionException(
                $"SSH private key file {keyFile} does not exist: pass an OpenSSH private key with {CoreSettings.SshKey.Option}.");
        }

        try
        {
            return string.IsNullOrEmpty(settings.KeyPassphrase)
                ? new PrivateKeyFile(keyFile)
                : new PrivateKeyFile(keyFile, settings.KeyPassphrase);
        }
        catch (SshPassPhraseNullOrEmptyException ex)
        {
            throw new RemoteConnectionException(
                $"SSH private key {keyFile} is protected by a passphrase: set the environment variable {CoreSettings.SshKeyPassphrase.EnvironmentVariable}.", ex);
        }
        catch (Exception ex) when (ex is SshException or CryptographicException or InvalidOperationException or ArgumentException or IOException)
        {
            // A wrong passphrase surfaces as a decryption or padding error; the passphrase itself is never in the message.
            var hint = settings.KeyPassphrase is null ? string.Empty : $" (is {CoreSettings.SshKeyPassphrase.EnvironmentVariable} the right passphrase?)";
            throw new RemoteConnectionException(
                $"Cannot read SSH private key {keyFile}{hint}: {OneLine(ex.Message)}; it must be an OpenSSH ed25519, ecdsa or rsa key.", ex);
        }
    }

    private static RemoteConnectionException Describe(Exception ex, SshSettings settings)
    {
        var target = settings.Target;
        var server = $"{target.Host}:{target.Port.ToString(CultureInfo.InvariantCulture)}";
        var seconds = settings.ConnectTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var message = ex switch
        {
            SshAuthenticationException =>
                $"SSH authentication refused by {server}: user '{target.User}' with key {settings.KeyFile} was not accepted ({OneLine(ex.Message)}); " +
                $"add the public key to ~{target.User}/.ssh/authorized_keys on the server or pass another key with {CoreSettings.SshKey.Option}.",
            SshOperationTimeoutException or TimeoutException or OperationCanceledException =>
                $"Timed out after {seconds} s connecting to the SSH server at {server} (no SSH handshake in time); " +
                $"check the host and port, or raise {RemoteSettings.ConnectTimeout.Option}.",
            SocketException socket =>
                $"Cannot reach {server}: {OneLine(socket.Message)}; check the host, the port and that sshd is running.",
            _ =>
                $"SSH connection to {server} failed: {OneLine(ex.Message)}.",
        };
        return new RemoteConnectionException(message, ex);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
