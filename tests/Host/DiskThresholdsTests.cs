using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Disk;

namespace PrivateCloud.Tests.Host;

public sealed class DiskThresholdsTests
{
    [Theory]
    [InlineData(0, DiskLevel.Ok)]
    [InlineData(85, DiskLevel.Ok)]
    [InlineData(86, DiskLevel.Warn)]
    [InlineData(95, DiskLevel.Warn)]
    [InlineData(96, DiskLevel.Fail)]
    [InlineData(100, DiskLevel.Fail)]
    public void Default_levels_start_above_85_and_95_percent(int usePercent, DiskLevel expected) =>
        Assert.Equal(expected, new DiskThresholds().Classify(usePercent));

    [Fact]
    public void A_warning_above_the_failure_names_both_settings()
    {
        var error = Assert.Throws<BuildInputException>(() => new DiskThresholds(warnPercent: 97, failPercent: 90));

        Assert.Equal(
            "Settings --disk-warn=97 and --disk-fail=90 are invalid: both must be percentages from 0 to 100 " +
            "and the warning must not exceed the failure, e.g. 85 and 95.",
            error.Message);
    }
}
