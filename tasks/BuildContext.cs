using Cake.Core;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Secrets;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks;

/// <summary>What every task reads. A property bag: <see cref="BuildLifetime.Setup"/> fills it, never the constructor.</summary>
public class BuildContext(ICakeContext context, SecretRedactor redactor) : FrostingContext(context)
{
    public SecretRedactor Redactor { get; } = redactor;

    public BuildSettings Settings
    {
        get => field ?? throw new InvalidOperationException("Settings are read in the lifetime Setup, which has not run.");
        set;
    }

    public bool DryRun => Settings.DryRun;

    /// <summary>The run's one SSH connection to --host, opened on first use; null without --host.</summary>
    public SshSession? SshSession { get; set; }

    /// <summary>Runs commands on --host through <see cref="SshSession"/>.</summary>
    public RemoteShell Remote
    {
        get => field ?? throw new BuildInputException(
            $"This task works on the Docker host: give it with {CoreSettings.Host.Option} (or {CoreSettings.Host.EnvironmentVariable}).");
        set;
    }
}
