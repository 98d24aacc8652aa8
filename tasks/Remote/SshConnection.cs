using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using Renci.SshNet;
using Renci.SshNet.Common;
using PrivateCloud.Tasks.Processes;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Remote;

/// <summary>
/// One authenticated SSH connection to the target. Opening it checks the host key against
/// <see cref="HostKeyPolicy"/> and turns every SSH.NET failure into one line naming the host.
/// </summary>
public sealed class SshConnection : IDisposable
{
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

        using (var command = _client.CreateCommand(commandText))
        {
            command.CommandTimeout = timeout;
            var running = command.ExecuteAsync();
            var reading = Task.WhenAll(stdout.ReadToEndAsync(command.OutputStream), stderr.ReadToEndAsync(command.ExtendedOutputStream));
            var timedOut = false;
            try
            {
                WriteInput(command, input);

                running.GetAwaiter().GetResult();
            }
            catch (SshOperationTimeoutException)
            {
                timedOut = true;
            }

            // SSH.NET ends both streams however the command ends; lines that came before a timeout
            // still reach the caller, as they tell how far the command got.
            reading.GetAwaiter().GetResult();
            if (timedOut)
            {
                // Not chained: SSH.NET's message quotes the command line, which may only be shown redacted.
                throw new TimeoutException("The remote command timed out.");
            }

            return new CommandResult(command.ExitStatus, stdout.Text, stderr.Text) { ExitSignal = command.ExitSignal };
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Sends the input and closes stdin, unless the command has already ended without reading it.</summary>
    private static void WriteInput(SshCommand command, byte[]? input)
    {
        try
        {
            using var stdin = command.CreateInputStream();
            stdin.Write(input ?? []);
        }
        catch (InvalidOperationException)
        {
            // SSH.NET refuses a stdin stream once the command has finished: a fast command that
            // never read its input. Its result is what the caller checks.
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
