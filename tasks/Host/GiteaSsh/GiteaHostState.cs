namespace PrivateCloud.Tasks.Host.GiteaSsh;

/// <summary>
/// What the probes found on the host. <see cref="GroupEntry"/> and <see cref="UserEntry"/> are the
/// <c>getent</c> lines (null: absent); <see cref="Shim"/> is the shim's current text (null: absent).
/// </summary>
public sealed record GiteaHostState(string? GroupEntry, string? UserEntry, bool KeyPairExists, bool KeyAuthorized, string? Shim)
{
    /// <summary>A fresh host: none of it there yet.</summary>
    public static GiteaHostState Nothing { get; } = new(null, null, false, false, null);
}
