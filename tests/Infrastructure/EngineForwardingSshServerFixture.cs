namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A real sshd like <see cref="SshServerFixture"/> whose sessions reach the real Docker engine
/// through a <see cref="CuttableForwarder"/> (sshd sets DOCKER_HOST to the forwarder's socket in
/// every session): a test can take the engine away from one run on the "host" while dockerd, and
/// the other test classes using it, go on undisturbed.
/// </summary>
public sealed class EngineForwardingSshServerFixture : SshServerFixture
{
    public const string EngineSocket = "/var/run/docker.sock";

    public EngineForwardingSshServerFixture()
    {
        Engine = CuttableForwarder.Unix(ForwardedSocket, EngineSocket);
    }

    /// <summary>Between the host's docker and compose CLIs and the engine; forwards until cut.</summary>
    public CuttableForwarder Engine { get; }

    private string ForwardedSocket => Path.Combine(Folder, "docker.sock");

    protected override IReadOnlyDictionary<string, string> SessionEnvironment =>
        new Dictionary<string, string> { ["DOCKER_HOST"] = "unix://" + ForwardedSocket };

    public override async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        await base.DisposeAsync();
    }
}
