using System.Runtime.Versioning;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

[UnsupportedOSPlatform("windows")]
public sealed class HostPreparationCommandsTests
{
    private static readonly DirectoryOwner Mysql = new("999", "mysql", "2750");

    public static TheoryData<string, RemoteCommand, bool> CommandsForPlainNames => new()
    {
        { "stat -c '%u %U %g %G %a' -- /mnt/databases/mariadb", HostPreparationCommands.DirectoryState("/mnt/databases/mariadb"), true },
        { "chown -- 999:mysql /mnt/databases/mariadb", HostPreparationCommands.SetOwner("/mnt/databases/mariadb", Mysql), true },
        { "chmod 2750 -- /mnt/databases/mariadb", HostPreparationCommands.SetMode("/mnt/databases/mariadb", Mysql), true },
        { "getent passwd mysql", HostPreparationCommands.NameExists("passwd", "mysql"), false },
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
    public async Task A_hostile_path_or_owner_reaches_each_program_as_one_unchanged_argument(string value)
    {
        var owner = new DirectoryOwner(value, value, "0755");

        Assert.Equal([["stat", "-c", "%u %U %g %G %a", "--", value]], await StubbedShell.Calls(HostPreparationCommands.DirectoryState(value), "stat"));
        Assert.Equal([["chown", "--", $"{value}:{value}", value]], await StubbedShell.Calls(HostPreparationCommands.SetOwner(value, owner), "chown"));
        Assert.Equal([["chmod", "0755", "--", value]], await StubbedShell.Calls(HostPreparationCommands.SetMode(value, owner), "chmod"));
        Assert.Equal([["getent", "group", value]], await StubbedShell.Calls(HostPreparationCommands.NameExists("group", value), "getent"));
    }
}
