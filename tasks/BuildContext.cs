using Cake.Core;
using PrivateCloud.Frosting;
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
}
