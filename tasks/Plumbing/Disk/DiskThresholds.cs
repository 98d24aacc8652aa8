using System.Globalization;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host;

namespace PrivateCloud.Tasks.Plumbing.Disk;

/// <summary>Use percentages above which a filesystem is a warning, then a failure.</summary>
public sealed record DiskThresholds
{
    /// <summary>The defaults of <see cref="HostSettings.DiskWarn"/> and <see cref="HostSettings.DiskFail"/>.</summary>
    public DiskThresholds()
        : this(int.Parse(HostSettings.DiskWarn.Default!, CultureInfo.InvariantCulture), int.Parse(HostSettings.DiskFail.Default!, CultureInfo.InvariantCulture))
    {
    }

    public DiskThresholds(int warnPercent, int failPercent)
    {
        if (warnPercent is < 0 or > 100 || failPercent is < 0 or > 100 || warnPercent > failPercent)
        {
            throw new BuildInputException(
                $"Settings {HostSettings.DiskWarn.Option}={warnPercent.ToString(CultureInfo.InvariantCulture)} and " +
                $"{HostSettings.DiskFail.Option}={failPercent.ToString(CultureInfo.InvariantCulture)} are invalid: " +
                "both must be percentages from 0 to 100 and the warning must not exceed the failure, e.g. 85 and 95.");
        }

        WarnPercent = warnPercent;
        FailPercent = failPercent;
    }

    public int WarnPercent { get; }

    public int FailPercent { get; }

    /// <summary>"Above" is strict: a disk at exactly the warning percentage is still ok.</summary>
    public DiskLevel Classify(int usePercent) =>
        usePercent > FailPercent ? DiskLevel.Fail
        : usePercent > WarnPercent ? DiskLevel.Warn
        : DiskLevel.Ok;
}
