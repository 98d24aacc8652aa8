using System.Globalization;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A real sshd like <see cref="SshServerFixture"/> that records, in order, the text of every command
/// its sessions are asked to run, and can cut a run's connection right after its k-th command: sshd
/// hands each exec request to a script of ours (its ForceCommand), which numbers the command, keeps
/// its text and then runs it as sshd would have (the login shell's <c>-c</c>). Told to cut after k,
/// the script holds the (k+1)-th command before it runs, and the test cuts the connection at the
/// <see cref="Forwarder"/>, which then refuses new ones, as a network that went away would. So the
/// host is left exactly as the first k commands made it, and the run learns of the cut the way it
/// would in the field: its connection is gone while it waits for a command's answer. The product
/// runs unchanged: nothing in it knows of the count.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CommandCuttingSshServerFixture : SshServerFixture
{
    private CuttableForwarder? _forwarder;

    public CommandCuttingSshServerFixture()
    {
        Directory.CreateDirectory(CommandsDirectory);
        File.WriteAllText(CommandScript, Script);
        File.SetUnixFileMode(CommandScript, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Between the client and sshd: what a run connects to when its connection is to be cut.</summary>
    public CuttableForwarder Forwarder => _forwarder ??= CreateForwarder();

    /// <summary>Trusts sshd's host key under the forwarder's address.</summary>
    public string ForwarderKnownHostsFile => Path.Combine(Folder, "known_hosts.forwarder");

    protected override IEnumerable<string> AdditionalConfiguration => [$"ForceCommand {CommandScript}"];

    private string CommandsDirectory => Path.Combine(Folder, "commands");

    private string CommandScript => Path.Combine(Folder, "run-command.sh");

    private string CutAfterFile => Path.Combine(CommandsDirectory, ".cut-after");

    private string ReleasedFile => Path.Combine(CommandsDirectory, ".released");

    private string HeldFile => Path.Combine(CommandsDirectory, ".held");

    // The count is taken under flock: the deploy lock's holder and a command may start close together.
    private string Script =>
        $$"""
        #!/bin/sh
        d='{{CommandsDirectory}}'
        exec 8>>"$d/.count.lock"
        flock 8
        n=$(( $(cat "$d/.count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$d/.count"
        exec 8>&-
        printf '%s' "$SSH_ORIGINAL_COMMAND" > "$d/$n"
        if [ -f "$d/.cut-after" ] && [ "$n" -gt "$(cat "$d/.cut-after")" ]; then
          : > "$d/.held"
          while [ ! -e "$d/.released" ]; do sleep 0.05; done
          exit 255
        fi
        exec "$SHELL" -c "$SSH_ORIGINAL_COMMAND"

        """;

    /// <summary>The commands sessions started since <see cref="ClearCommands"/>, first first.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            var count = File.Exists(Path.Combine(CommandsDirectory, ".count"))
                ? int.Parse(File.ReadAllText(Path.Combine(CommandsDirectory, ".count")).Trim(), CultureInfo.InvariantCulture)
                : 0;
            return [.. Enumerable.Range(1, count).Select(n => File.ReadAllText(Path.Combine(CommandsDirectory, n.ToString(CultureInfo.InvariantCulture))))];
        }
    }

    /// <summary>Forgets the recorded commands; call while no session runs a command.</summary>
    public void ClearCommands()
    {
        foreach (var file in Directory.GetFiles(CommandsDirectory))
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/>, which connects through <see cref="Forwarder"/>, and cuts its
    /// connection once it asks for a command after <paramref name="commands"/> commands (its
    /// <see cref="Commands"/> are recorded afresh); false when it never asked for one more. The forwarder forwards
    /// again afterwards.
    /// </summary>
    public (BuildProgram.Result Result, bool Cut) RunCutAfter(int commands, Func<BuildProgram.Result> run)
    {
        ClearCommands();
        File.WriteAllText(CutAfterFile, commands.ToString(CultureInfo.InvariantCulture));
        try
        {
            var running = Task.Run(run);
            var cut = false;
            while (!running.IsCompleted)
            {
                if (File.Exists(HeldFile))
                {
                    Forwarder.Cut();
                    cut = true;
                    File.WriteAllText(ReleasedFile, string.Empty);
                    break;
                }

                Thread.Sleep(20);
            }

            return (running.GetAwaiter().GetResult(), cut);
        }
        finally
        {
            File.WriteAllText(ReleasedFile, string.Empty);
            Forwarder.Restore();
            File.Delete(CutAfterFile);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _forwarder?.Dispose();
        await base.DisposeAsync();
    }

    private CuttableForwarder CreateForwarder()
    {
        var forwarder = CuttableForwarder.Tcp(Port);
        File.WriteAllText(ForwarderKnownHostsFile, $"[{Host}]:{forwarder.Port} {HostKeyLine}\n");
        return forwarder;
    }
}
