using System.Runtime.Versioning;
using System.Text;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>What a release takes from the stack directory, on this machine's real file system.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class StackFilesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, 89, TimeSpan.Zero);

    private readonly TemporaryDirectory _work = new();

    public StackFilesTests() => _work.Write("stack/docker-compose.yml", "services: {}\n");

    public void Dispose() => _work.Dispose();

    private string Stack => _work.Combine("stack");

    private IReadOnlyList<ReleaseFile> Scan() => ReleaseManifest.Scan(Stack, Now).Files;

    private BuildInputException Refused() => Assert.Throws<BuildInputException>(Scan);

    private string UploadedEnv() => Encoding.UTF8.GetString(new StackFiles(Stack).Content(Path.Combine(Stack, ".env"), ".env"));

    [Fact]
    public void Group_and_other_write_bits_are_dropped()
    {
        _work.Write("stack/open.yml", "x: 1\n");
        File.SetUnixFileMode(_work.Combine("stack/open.yml"), (UnixFileMode)Convert.ToInt32("666", 8));
        _work.Write("stack/run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(_work.Combine("stack/run.sh"), (UnixFileMode)Convert.ToInt32("777", 8));

        var modes = Scan().ToDictionary(f => f.Path, f => Convert.ToString((int)f.Mode, 8));

        Assert.Equal("644", modes["open.yml"]);
        Assert.Equal("755", modes["run.sh"]);
    }

    [Fact]
    public void Links_inside_the_stack_are_followed_and_carry_their_content()
    {
        _work.Write("stack/shared/app.ini", "a=1\n");
        File.CreateSymbolicLink(_work.Combine("stack/app.ini"), "shared/app.ini");
        Directory.CreateSymbolicLink(_work.Combine("stack/web"), "shared");

        var files = Scan();

        Assert.Equal(["app.ini", "docker-compose.yml", "shared/app.ini", "web/app.ini"], files.Select(f => f.Path));
        Assert.Single(files.Select(f => f.Sha256).Where(h => h == files[0].Sha256).Distinct());
        Assert.Equal(4, files[0].Size);
    }

    [Fact]
    public void A_file_link_leading_out_of_the_stack_is_refused_with_its_path_and_target()
    {
        var outside = _work.Write("secret.txt", "private\n");
        File.CreateSymbolicLink(_work.Combine("stack/conf"), outside);

        Assert.Equal(
            $"{Stack}/conf is a symbolic link to {outside}, outside the stack {Stack}: copy what it needs into the stack, or list it in .deployignore.",
            Refused().Message);
    }

    [Fact]
    public void A_link_into_a_sibling_whose_name_starts_with_the_stacks_is_outside_the_stack()
    {
        var sibling = _work.Write("stack-old/.env", "DB_PASSWORD=old\n");
        File.CreateSymbolicLink(_work.Combine("stack/old.env"), sibling);

        Assert.StartsWith($"{Stack}/old.env is a symbolic link to {sibling}, outside the stack", Refused().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_link_leading_out_of_the_stack_is_refused()
    {
        Directory.CreateSymbolicLink(_work.Combine("stack/etc"), "/etc");

        Assert.StartsWith($"{Stack}/etc is a symbolic link to /etc, outside the stack", Refused().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_back_to_a_directory_holding_it_is_a_loop()
    {
        Directory.CreateDirectory(_work.Combine("stack/a"));
        Directory.CreateSymbolicLink(_work.Combine("stack/a/up"), "..");

        Assert.Equal(
            $"{Stack}/a/up is a symbolic link loop: it leads back to {Stack}, which holds it. Remove the link or list it in .deployignore.",
            Refused().Message);
    }

    [Fact]
    public void Links_pointing_at_each_other_are_a_loop()
    {
        File.CreateSymbolicLink(_work.Combine("stack/x"), "y");
        File.CreateSymbolicLink(_work.Combine("stack/y"), "x");

        Assert.Matches($"^{Stack}/[xy] is a symbolic link loop \\([xy]\\): remove the link or list it in .deployignore.$", Refused().Message);
    }

    [Fact]
    public void A_dangling_link_is_named_and_an_ignored_one_is_skipped()
    {
        File.CreateSymbolicLink(_work.Combine("stack/gone.conf"), "nowhere.conf");

        Assert.Equal($"{Stack}/gone.conf points to nowhere.conf, which does not exist: remove the link or list it in .deployignore.", Refused().Message);

        _work.Write("stack/.deployignore", "gone.conf\n");
        Assert.Equal(["docker-compose.yml"], Scan().Select(f => f.Path));
    }

    [Fact]
    public void Deployignore_follows_gitignore_syntax_and_is_not_uploaded_itself()
    {
        _work.Write("stack/.deployignore", "# local things\ndata/\n*.log\n!keep.log\n/top.txt\nbuild/**/cache\n");
        _work.Write("stack/data/db/ibdata1", "x");
        _work.Write("stack/web/data/page.html", "x");
        _work.Write("stack/web/access.log", "x");
        _work.Write("stack/keep.log", "x");
        _work.Write("stack/top.txt", "x");
        _work.Write("stack/web/top.txt", "x");
        _work.Write("stack/build/a/b/cache", "x");
        _work.Write("stack/build/a/b/Dockerfile", "x");

        Assert.Equal(["build/a/b/Dockerfile", "docker-compose.yml", "keep.log", "web/top.txt"], Scan().Select(f => f.Path));
    }

    [Fact]
    public void Deploy_settings_are_left_out_of_the_env_the_release_carries()
    {
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=cloud\nDEPLOY_SSH_KEY_PASSPHRASE=\"Hy6-passphrase\"\n  export DEPLOY_HOST=root@example.org\nDB_PASSWORD='multi\nline'\n");

        var env = Scan().Single(f => f.Path == ".env");
        var expected = "COMPOSE_PROJECT_NAME=cloud\nDB_PASSWORD='multi\nline'\n"u8.ToArray();

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected)), env.Sha256);
        Assert.Equal(expected.Length, env.Size);
    }

    [Fact]
    public void Deploy_settings_written_with_a_colon_are_left_out()
    {
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=cloud\nDEPLOY_SSH_KEY_PASSPHRASE: Hy6-passphrase\nexport DEPLOY_BACKUP_PASSPHRASE: 'Kx9-backup'\nA=1\n");

        Assert.Equal("COMPOSE_PROJECT_NAME=cloud\nA=1\n", UploadedEnv());
    }

    [Fact]
    public void Deploy_settings_over_several_lines_set_twice_or_bare_are_left_out_whole()
    {
        _work.Write("stack/.env",
            "COMPOSE_PROJECT_NAME=cloud\nDEPLOY_STATUS_PASSWORD=\"two\nlines\"\nDEPLOY_HOST\nDEPLOY_HOST=root@example.org\n" +
            "DEPLOY_HOST=root@example.net\nDB_PASSWORD='multi\nline'\n");

        Assert.Equal("COMPOSE_PROJECT_NAME=cloud\nDB_PASSWORD='multi\nline'\n", UploadedEnv());
    }

    [Fact]
    public void A_variable_taking_its_value_from_a_deploy_setting_is_refused_naming_its_line()
    {
        _work.Write("stack/.env", "DEPLOY_HOST=root@example.org\nA=1\nMAIL_HOST=${DEPLOY_HOST}\n");

        Assert.Equal(
            $"{Stack}/.env:3: MAIL_HOST takes its value from a DEPLOY_* setting, which stays on this machine and is not in the uploaded .env: write the value itself.",
            Refused().Message);
    }

    [Fact]
    public void An_env_still_holding_a_deploy_setting_after_stripping_is_never_uploaded()
    {
        var uploaded = PrivateCloud.Tasks.Plumbing.DotEnv.DotEnvParser.Parse("A=1\nexport DEPLOY_SSH_KEY_PASSPHRASE: Hy6-passphrase\n", ".env");

        var refused = Assert.Throws<InvalidOperationException>(() => StackFiles.RequireNoDeploySettings(uploaded));

        Assert.Equal(
            ".env: DEPLOY_SSH_KEY_PASSPHRASE is still on line 2 of the .env the release would carry after the DEPLOY_* settings were taken out; nothing was uploaded.",
            refused.Message);
    }

    [Fact]
    public void An_unreadable_file_is_one_line_naming_it_and_nothing_is_written()
    {
        Requires.That(Requires.Executable("setpriv"), "setpriv (util-linux) runs the program as nobody");
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=unreadable\n");
        var locked = _work.Write("stack/private.key", "k");
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        foreach (var directory in new[] { _work.Path, Stack })
        {
            File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        foreach (var file in Directory.EnumerateFiles(Stack).Where(f => f != locked))
        {
            File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("644", 8));
        }

        var before = _work.Snapshot();

        var result = BuildProgram.RunAsNobody(_work.Path, null, "--stack=stack", "--target=UploadRelease", "--dryrun", "--host=root@127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Output.Split('\n'), l => l.Contains("private.key", StringComparison.Ordinal));
        Assert.StartsWith($"Error: {locked} cannot be read (", line.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("): let the deploying user read it, or list it in .deployignore.", line.Trim(), StringComparison.Ordinal);
        Assert.Equal(before, _work.Snapshot());
    }
}
