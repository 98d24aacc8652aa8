namespace PrivateCloud.Tasks.Host.GiteaSsh;

/// <summary>
/// What the probes found on the host. <see cref="GroupEntry"/> and <see cref="UserEntry"/> are the
/// <c>getent</c> lines (null: absent); <see cref="Shim"/> is the shim's current text (null: absent);
/// <see cref="ContainerHostKey"/> is the public key Gitea's sshd presents, read from
/// <see cref="ContainerHostKeyFile"/> (null: Gitea has not made it yet); <see cref="PinnedKeys"/> is
/// what the host pins today (null: nothing).
/// </summary>
public sealed record GiteaHostState(string? GroupEntry, string? UserEntry, bool KeyPairExists, bool KeyAuthorized, string? Shim)
{
    /// <summary>A fresh host: none of it there yet.</summary>
    public static GiteaHostState Nothing { get; } = new(null, null, false, false, null);

    public string ContainerHostKeyFile { get; init; } = string.Empty;

    public string? ContainerHostKey { get; init; }

    public string? PinnedKeys { get; init; }
}
