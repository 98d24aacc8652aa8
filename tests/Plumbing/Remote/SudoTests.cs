using System.Runtime.Versioning;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Remote;

/// <summary>
/// The test machine has no non-root account with sudo rights and the tests may not create one,
/// so the wrapping runs through a real /bin/sh with a stand-in sudo that checks its flags and
/// then runs the command.
/// </summary>
public sealed class SudoTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sudo-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Wraps_the_whole_command_in_non_interactive_sudo() =>
        Assert.Equal("sudo -n -- sh -c 'echo hi > /etc/motd'", Sudo.Wrap("echo hi > /etc/motd"));

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Wrapped_pipes_redirections_and_quotes_reach_the_shell_intact()
    {
        Requires.That(File.Exists("/bin/sh"), "/bin/sh is needed");
        var fakeSudo = Path.Combine(_folder, "sudo");
        File.WriteAllText(fakeSudo, "#!/bin/sh\n[ \"$1\" = -n ] && [ \"$2\" = -- ] || { echo \"unexpected flags: $*\" >&2; exit 99; }\nshift 2\nexec \"$@\"\n");
        File.SetUnixFileMode(fakeSudo, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var output = Path.Combine(_folder, "out.txt");
        var command = $"printf '%s\\n' \"it's $((1 + 1))\" | tr a-z A-Z > {ShellQuote.Quote(output)}";

        await SshServerFixture.RunTool("/usr/bin/env", $"PATH={_folder}:/usr/bin:/bin", "/bin/sh", "-c", Sudo.Wrap(command));

        Assert.Equal("IT'S 2\n", File.ReadAllText(output));
    }

    [Theory]
    [InlineData("sudo: a password is required\n", true)]
    [InlineData("sudo: A password is required", true)]
    [InlineData("sudo: unable to resolve host x\nsudo: a password is required\n", true)]
    [InlineData("sudo: opsuser is not in the sudoers file.\n", false)]
    [InlineData("cat: /etc/shadow: Permission denied\n", false)]
    public void Recognises_sudo_asking_for_a_password(string stderr, bool asks) =>
        Assert.Equal(asks, Sudo.AsksForPassword(stderr));
}
