namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>The directory checks and changes more than one host service makes, as root: the directories are root's to make.</summary>
public static class DirectoryCommands
{
    public static RemoteCommand Exists(string path) => new($"test -d {ShellQuote.Quote(path)}") { Privileged = true };

    /// <summary>The directory and its missing parents; nothing when it is there.</summary>
    public static RemoteCommand Make(string path) => new($"mkdir -p -- {ShellQuote.Quote(path)}") { Privileged = true };
}
