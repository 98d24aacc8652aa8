using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Stacks;

/// <summary>
/// The settings that place the stack and say what runs it, which the stack model's messages name and the
/// tasks of several areas read: each task that runs compose on the stack declares <see cref="Location"/>
/// with <see cref="ReadsSettingsAttribute"/>, so no list of tasks here names another area. DeploySettings
/// reads them and lists them in --help.
/// </summary>
public static class StackSettings
{
    public static readonly Setting RemoteDir = new("remote-dir", "Where releases live on the host.", "/opt/private-cloud")
    {
        ReadBy = [],
    };

    public static readonly Setting DockerHost = new("docker-host", "Run compose here against this engine (tcp://host:2376) instead of over --host.")
    {
        ReadBy = [],
    };

    public static readonly Setting DockerCertPath = new("docker-cert-path", "TLS certificates (ca.pem, cert.pem, key.pem) for --docker-host.")
    {
        ReadBy = [],
    };

    public static readonly Setting DockerInsecure = new(
        "docker-insecure", "Allow --docker-host without --docker-cert-path: anyone reaching that port is root on the engine.", "false")
    {
        ReadBy = [],
    };

    public static readonly Setting DockerContext = new("docker-context", "Run compose here against this docker context instead of over --host.")
    {
        ReadBy = [],
    };

    public static readonly Setting OrchestratorSetting = new(
        "orchestrator", "compose runs the stack on one host; swarm deploys it as a Docker Swarm stack from a manager (--host or --docker-host).", "compose")
    {
        ReadBy = [],
    };

    public static readonly Setting Registry = new(
        "registry", "With --orchestrator=swarm on more than one node: the registry (host:port) the images built on the manager are pushed to.")
    {
        ReadBy = [],
    };

    /// <summary>Where the stack runs and its releases lie: what every task that runs compose on it reads.</summary>
    public static readonly Setting[] Location = [RemoteDir, DockerHost, DockerCertPath, DockerInsecure, DockerContext, OrchestratorSetting];
}
