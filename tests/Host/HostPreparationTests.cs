using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Plumbing.Packages;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

public sealed class HostPreparationTests : IDisposable
{
    private readonly TemporaryDirectory _stack = new();
    private readonly List<string> _log = [];

    public void Dispose() => _stack.Dispose();

    [Theory]
    [InlineData("install ok installed", true)]
    [InlineData("deinstall ok config-files", false)]
    [InlineData("install ok half-configured", false)]
    [InlineData("", false)]
    public void Only_an_installed_package_counts_as_installed(string status, bool installed) =>
        Assert.Equal(installed, DpkgStatus.IsInstalled(status));

    [Theory]
    [InlineData("git\n", "2022", "0700", "user 'git\n' is neither a uid nor a user name")]
    [InlineData("2022", "2022\n", "0700", "group '2022\n' is neither a gid nor a group name")]
    [InlineData("2022", "2022", "0700\n", "mode '0700\n' is not octal permission bits like 0755 or 2775")]
    public void An_x_owner_value_ending_in_a_line_break_is_refused(string user, string group, string mode, string problem) =>
        Assert.Equal(problem, new DirectoryOwner(user, group, mode).Problem());

    [Theory]
    [InlineData("0 root 5000 UNKNOWN 2775", "0", "5000", "2775", true, true)]
    [InlineData("0 root 8 mail 2775", "root", "mail", "02775", true, true)]
    [InlineData("33 www-data 33 www-data 755", "33", "www-data", "0755", true, true)]
    [InlineData("0 root 0 root 755", "33", "33", "0700", false, false)]
    [InlineData("0 root 0 root 755", "0", "5000", "755", false, true)]
    [InlineData("2022 UNKNOWN 2022 UNKNOWN 700", "git", "2022", "0700", false, true)]
    public void Owner_and_mode_match_by_id_or_by_name(string stat, string user, string group, string mode, bool owner, bool modeMatches)
    {
        var state = DirectoryState.Parse(stat);
        var declared = new DirectoryOwner(user, group, mode);

        Assert.Equal(owner, state.HasOwner(declared));
        Assert.Equal(modeMatches, state.HasMode(declared));
    }

    [Fact]
    public void Bind_devices_are_read_from_named_volumes_with_variables_expanded()
    {
        _stack.Write("docker-compose.yml", """
            services:
              db:
                image: postgres
            volumes:
              db:
                driver: local
                driver_opts: {type: none, o: bind, device: "${DATA_ROOT:-/srv}/databases/"}
                x-owner: {user: "999", group: "999", mode: "0755"}
              mails:
                driver_opts:
                  type: none
                  o: bind,rw
                  device: /mnt/files/mails
                x-owner: {user: "0", group: "${MAIL_GROUP}", mode: "2775"}
              relative:
                driver_opts: {type: none, o: bind, device: ./data}
              nfs:
                driver_opts: {type: nfs, o: "addr=10.0.0.1,rw", device: ":/exports/x"}
              plain: {}
            """);
        _stack.Write("docker-compose.override.yml", """
            volumes:
              again:
                driver_opts: {type: none, o: bind, device: /mnt/files/mails}
                x-owner: {user: "0", group: "5000", mode: "2775"}
            """);

        var devices = ComposeBindDevices.Read(
            _stack.Path, ["docker-compose.yml", "docker-compose.override.yml"], name => name switch { "DATA_ROOT" => "/mnt", "MAIL_GROUP" => "5000", _ => null });

        Assert.Equal(
            [new BindDirectory("/mnt/databases", new DirectoryOwner("999", "999", "0755")), new BindDirectory("/mnt/files/mails", new DirectoryOwner("0", "5000", "2775"))],
            devices);
        Assert.Equal("2775", devices[1].Owner.StatMode);
        Assert.Equal("755", devices[0].Owner.StatMode);
    }

    [Theory]
    [InlineData("", "4: the bind volume 'data' has no x-owner: declare who owns its directory beside it")]
    [InlineData("    x-owner: {user: \"33\", mode: \"0755\"}\n", "4: the bind volume 'data': its x-owner has no group")]
    [InlineData("    x-owner: {user: \"33\", group: \"${UNSET}\", mode: \"0755\"}\n", "4: the bind volume 'data': its x-owner group '' is neither a gid nor a group name")]
    [InlineData("    x-owner: {user: \"33\", group: \"33\", mode: \"rwx\"}\n", "4: the bind volume 'data': its x-owner mode 'rwx' is not octal permission bits")]
    [InlineData("    x-owner: {user: \"root; rm\", group: \"33\", mode: \"0755\"}\n", "4: the bind volume 'data': its x-owner user 'root; rm' is neither a uid nor a user name")]
    public void A_bind_volume_without_a_usable_owner_names_the_file_line_and_volume(string owner, string expected)
    {
        var file = _stack.Write("docker-compose.yml", "services: {}\n# the volumes\nvolumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /mnt/files/data}\n" + owner);

        var error = Assert.Throws<BuildInputException>(() => ComposeBindDevices.Read(_stack.Path, ["docker-compose.yml"], _ => null));

        Assert.StartsWith($"{file}:{expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_volumes_binding_one_directory_must_declare_one_owner()
    {
        _stack.Write("docker-compose.yml", """
            volumes:
              a:
                driver_opts: {type: none, o: bind, device: /mnt/files/shared}
                x-owner: {user: "33", group: "33", mode: "0755"}
              b:
                driver_opts: {type: none, o: bind, device: /mnt/files/shared/}
                x-owner: {user: "82", group: "82", mode: "0755"}
            """);

        var error = Assert.Throws<BuildInputException>(() => ComposeBindDevices.Read(_stack.Path, ["docker-compose.yml"], _ => null));

        Assert.EndsWith("bind /mnt/files/shared with different x-owner declarations: one directory has one owner.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_yaml_names_the_file_and_line()
    {
        var file = _stack.Write("docker-compose.yml", "volumes:\n  db: [\n");

        var error = Assert.Throws<BuildInputException>(() => ComposeBindDevices.Read(_stack.Path, ["docker-compose.yml"], _ => null));

        Assert.StartsWith($"{file}:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--packages=fail2ban,Bad_Name", "--packages (command line): 'Bad_Name' is not a Debian package name")]
    [InlineData("--mount=/", "--mount=/ is the root filesystem")]
    [InlineData("--device=sdb", "--device (command line): --device takes a block device path like /dev/sdb; 'sdb' is not one.")]
    public void Bad_settings_are_one_clear_line(string argument, string expected)
    {
        var error = Assert.Throws<BuildInputException>(() => HostSettings.Read(Sources(argument), "project", NoVariables));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static readonly StackVariables NoVariables = new(new Dictionary<string, (string, string)>());

    [Fact]
    public void The_data_mounts_and_gitea_s_host_key_follow_DATABASES_DIR_and_FILES_DIR_else_the_original_mounts_and_a_single_disk_host_expects_no_data_mount()
    {
        var moved = new StackVariables(new Dictionary<string, (string, string)>
        {
            ["DATABASES_DIR"] = ("/srv/db/", ".env:1"),
            ["FILES_DIR"] = ("/srv/files", ".env:2"),
        });

        var derived = HostSettings.Read(Sources(), "project", moved);
        var original = HostSettings.Read(Sources(), "project", NoVariables);
        var given = HostSettings.Read(Sources("--data-mounts=/a,/b", "--gitea-host-key=/k.pub"), "project", moved);
        var singleDisk = HostSettings.Read(Sources("--single-disk=true"), "project", moved);
        var singleDiskGiven = HostSettings.Read(Sources("--single-disk=true", "--data-mounts=/a"), "project", moved);

        Assert.Equal(["/srv/db", "/srv/files"], derived.DataMounts);
        Assert.Equal("/srv/files/gitea/ssh/ssh_host_ed25519_key.pub", derived.GiteaHostKey);
        Assert.Equal(["/mnt/databases", "/mnt/files"], original.DataMounts);
        Assert.Equal("/mnt/files/gitea/ssh/ssh_host_ed25519_key.pub", original.GiteaHostKey);
        Assert.Equal(["/a", "/b"], given.DataMounts);
        Assert.Equal("/k.pub", given.GiteaHostKey);
        // The data directories kept on the root filesystem on purpose are not missing mounts for the disk checks.
        Assert.Empty(singleDisk.DataMounts);
        Assert.Equal("/srv/files/gitea/ssh/ssh_host_ed25519_key.pub", singleDisk.GiteaHostKey);
        Assert.Equal(["/a"], singleDiskGiven.DataMounts);
    }

    [Theory]
    [InlineData("/etc/", "--mount=/etc is a system directory")]
    [InlineData("/./etc", "--mount=/etc is a system directory")]
    [InlineData("//etc", "--mount=/etc is a system directory")]
    [InlineData("/mnt/../etc", "--mount=/etc is a system directory")]
    [InlineData("/mnt/../../usr//local/./data", "--mount=/usr/local/data is inside the system directory /usr")]
    [InlineData("/mnt/..", "--mount=/ is the root filesystem")]
    [InlineData("mnt/files", "--mount takes absolute paths on the host")]
    public void A_mount_point_is_judged_after_dots_and_doubled_slashes_are_worked_out(string mount, string refusal) =>
        Assert.StartsWith(refusal, Assert.Throws<BuildInputException>(() => HostSettings.Read(Sources("--mount=" + mount), "project", NoVariables)).Message.Replace("--mount (command line): ", string.Empty));

    [Theory]
    [InlineData("/etcetera", "/etcetera")]
    [InlineData("/mnt//files/./", "/mnt/files")]
    [InlineData("/etc/../mnt/files", "/mnt/files")]
    [InlineData("/srv/data", "/srv/data")]
    public void A_data_mount_point_is_kept_in_its_plain_form(string mount, string expected) =>
        Assert.Equal(expected, HostSettings.Read(Sources("--mount=" + mount), "project", NoVariables).Volume.Mount);

    [Fact]
    public void Defaults_install_fail2ban_and_haveged()
    {
        var settings = HostSettings.Read(Sources(), "project", NoVariables);

        Assert.Equal(["fail2ban", "haveged"], settings.Preparation.Packages);
        Assert.Equal(new VolumeSettings(null, null, false, true), settings.Volume);
        Assert.Equal(
            "MountVolume needs --device, e.g. --device=/dev/sdb (or DEPLOY_DEVICE).",
            Assert.Throws<BuildInputException>(() => settings.Volume.Require("MountVolume")).Message);
    }

    private static SettingSources Sources(params string[] arguments) => new(
        arguments.Select(a => a[2..].Split('=', 2)).ToLookup(p => p[0], p => p[1]),
        _ => null);
}
