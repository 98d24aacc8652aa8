using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Settings;
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
    [InlineData("5000 UNKNOWN 2775", "5000", true)]
    [InlineData("8 mail 755", "mail", true)]
    [InlineData("8 mail 755", "8", true)]
    [InlineData("0 root 2775", "5000", false)]
    [InlineData("0 root 2775", "mail", false)]
    public void The_group_matches_by_gid_or_by_name(string stat, string group, bool matches) =>
        Assert.Equal(matches, DirectoryState.Parse(stat).HasGroup(group));

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
              mails:
                driver_opts:
                  type: none
                  o: bind,rw
                  device: /mnt/files/mails
              relative:
                driver_opts: {type: none, o: bind, device: ./data}
              nfs:
                driver_opts: {type: nfs, o: "addr=10.0.0.1,rw", device: ":/exports/x"}
              plain: {}
            """);
        _stack.Write("docker-compose.override.yml", "volumes:\n  again:\n    driver_opts: {type: none, o: bind, device: /mnt/files/mails}\n");

        var devices = ComposeBindDevices.Read(_stack.Path, ["docker-compose.yml", "docker-compose.override.yml"], name => name == "DATA_ROOT" ? "/mnt" : null);

        Assert.Equal(["/mnt/databases", "/mnt/files/mails"], devices);
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
    [InlineData("--data-dirs=/mnt/a,relative", "--data-dirs (command line): --data-dirs takes absolute paths on the host")]
    [InlineData("--mount=/", "--mount=/ is the root filesystem")]
    [InlineData("--device=sdb", "--device (command line): --device takes a block device path like /dev/sdb; 'sdb' is not one.")]
    public void Bad_settings_are_one_clear_line(string argument, string expected)
    {
        var error = Assert.Throws<BuildInputException>(() => HostSettings.Read(Sources(argument), "project"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_install_fail2ban_and_haveged_and_take_directories_from_the_compose_file()
    {
        var settings = HostSettings.Read(Sources(), "project");

        Assert.Equal(["fail2ban", "haveged"], settings.Preparation.Packages);
        Assert.Null(settings.Preparation.DataDirs);
        Assert.Equal("/mnt/files/mails", settings.Preparation.MailDir);
        Assert.Equal(new VolumeSettings(null, null, false, true), settings.Volume);
        Assert.Equal(
            "MountVolume needs --device, e.g. --device=/dev/sdb (or DEPLOY_DEVICE).",
            Assert.Throws<BuildInputException>(() => settings.Volume.Require("MountVolume")).Message);
    }

    private static SettingSources Sources(params string[] arguments) => new(
        arguments.Select(a => a[2..].Split('=', 2)).ToLookup(p => p[0], p => p[1]),
        _ => null);
}
