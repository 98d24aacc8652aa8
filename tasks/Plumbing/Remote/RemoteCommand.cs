namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// A command line for the remote <c>/bin/sh</c>. Secret values never go into <see cref="Text"/>
/// (every user on the server can read command lines): they travel in <see cref="Input"/>.
/// </summary>
public sealed record RemoteCommand(string Text)
{
    /// <summary>Bytes written to the command's stdin, then closed. Never logged.</summary>
    public byte[]? Input { get; init; }

    /// <summary>Needs root: run through <c>sudo -n</c> when connected as another user.</summary>
    public bool Privileged { get; init; }

    /// <summary>
    /// Receives each stdout and stderr line, redacted, as the command prints it: for long commands
    /// (image builds) whose progress should show while they run, not after. The result still holds
    /// the whole output.
    /// </summary>
    public Action<string>? OnOutputLine { get; init; }

    public static implicit operator RemoteCommand(string text) => new(text);
}
