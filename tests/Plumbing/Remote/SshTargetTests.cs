using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tests.Plumbing.Remote;

public class SshTargetTests
{
    [Theory]
    [InlineData("203.0.113.10", "root", "203.0.113.10", 22, "203.0.113.10")]
    [InlineData("admin@cloud.example.org", "admin", "cloud.example.org", 22, "cloud.example.org")]
    [InlineData("cloud.example.org:2222", "root", "cloud.example.org", 2222, "[cloud.example.org]:2222")]
    [InlineData("ops_user@10.0.0.5:22", "ops_user", "10.0.0.5", 22, "10.0.0.5")]
    [InlineData("[::1]:2222", "root", "::1", 2222, "[::1]:2222")]
    [InlineData("deploy@[2001:db8::1]", "deploy", "2001:db8::1", 22, "2001:db8::1")]
    [InlineData("2001:db8::1", "root", "2001:db8::1", 22, "2001:db8::1")]
    [InlineData("  host-1  ", "root", "host-1", 22, "host-1")]
    public void Parses_user_host_and_port(string value, string user, string host, int port, string knownHostsName)
    {
        var target = SshTarget.Parse(value);

        Assert.Equal(new SshTarget(user, host, port), target);
        Assert.Equal(knownHostsName, target.KnownHostsName);
    }

    [Fact]
    public void Shows_ipv6_hosts_in_brackets()
    {
        Assert.Equal("root@[::1]:2222", SshTarget.Parse("[::1]:2222").ToString());
        Assert.Equal("admin@example.org:22", SshTarget.Parse("admin@example.org").ToString());
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("host:0", "port '0' is not a number from 1 to 65535")]
    [InlineData("host:70000", "port '70000' is not a number from 1 to 65535")]
    [InlineData("host:ssh", "port 'ssh' is not a number from 1 to 65535")]
    [InlineData("@host", "'' is not a valid user name")]
    [InlineData("bad user@host", "'bad user' is not a valid user name")]
    [InlineData("root@", "'' is not a host name or IP address")]
    [InlineData("root@bad_host!", "'bad_host!' is not a host name or IP address")]
    [InlineData("[::1", "'[' has no matching ']'")]
    [InlineData("[::1]x", "unexpected 'x' after ']'")]
    public void Rejects_bad_input_naming_the_setting_and_the_value(string value, string reason)
    {
        var error = Assert.Throws<BuildInputException>(() => SshTarget.Parse(value));

        Assert.StartsWith($"Setting --host has the invalid value '{value}': {reason}; expected [user@]host[:port]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_root_runs_commands_without_sudo()
    {
        Assert.True(SshTarget.Parse("example.org").IsRoot);
        Assert.False(SshTarget.Parse("admin@example.org").IsRoot);
    }
}
