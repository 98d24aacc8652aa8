namespace PrivateCloud.Tasks.Host.GiteaSsh;

/// <summary>
/// Where the Gitea SSH shim connects: the container's sshd on the host's loopback <see cref="Port"/>
/// as <see cref="User"/> with <see cref="IdentityFile"/>, trusting only the keys in
/// <see cref="KnownHostsFile"/>, and which <see cref="Program"/> the container runs with the client's command.
/// </summary>
public sealed record GiteaShimEnd(string User, int Port, string IdentityFile, string KnownHostsFile, string Program);
