using System.Runtime.Versioning;
using PrivateCloud.Tasks.Plumbing.Packages;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Packages;

[UnsupportedOSPlatform("windows")]
public sealed class PackageCommandsTests
{
    public static TheoryData<string, RemoteCommand, bool> CommandsForPlainNames => new()
    {
        { "dpkg-query -W -f='${Status}' duplicity", PackageCommands.PackageStatus("duplicity"), false },
        { "apt-get update -qq", PackageCommands.RefreshPackageLists(), true },
        {
            "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -- duplicity python3-boto",
            PackageCommands.Install(["duplicity", "python3-boto"]), true
        },
    };

    [Theory]
    [MemberData(nameof(CommandsForPlainNames))]
    public void Each_command_reads_as_typed_by_hand_and_only_changes_run_as_root(string expected, RemoteCommand command, bool privileged)
    {
        Assert.Equal(expected, command.Text);
        Assert.Equal(privileged, command.Privileged);
    }

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_package_reaches_each_program_as_one_unchanged_argument(string value)
    {
        Assert.Equal([["dpkg-query", "-W", "-f=${Status}", value]], await StubbedShell.Calls(PackageCommands.PackageStatus(value), "dpkg-query"));
        Assert.Equal(
            [["apt-get", "install", "-y", "-qq", "--no-install-recommends", "--", value, "curl"]],
            await StubbedShell.Calls(PackageCommands.Install([value, "curl"]), "apt-get"));
    }
}
