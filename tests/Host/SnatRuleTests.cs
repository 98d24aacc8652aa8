using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.MailTraffic;

namespace PrivateCloud.Tests.Host;

public sealed class SnatRuleTests
{
    [Fact]
    public void Commands_check_and_insert_the_same_rule_first_in_postrouting()
    {
        var rule = SnatRule.Create(" 203.0.113.25", "MAIL_HOST_IP", "172.28.0.0/16 ", "MAIL_SUBNET");

        Assert.Equal("iptables -w 30 -t nat -C POSTROUTING -s 172.28.0.0/16 ! -d 172.28.0.0/16 -j SNAT --to-source 203.0.113.25", rule.CheckCommand);
        Assert.Equal("iptables -w 30 -t nat -I POSTROUTING 1 -s 172.28.0.0/16 ! -d 172.28.0.0/16 -j SNAT --to-source 203.0.113.25", rule.InsertCommand);
    }

    [Theory]
    [InlineData("")]
    [InlineData("203.0.113")]
    [InlineData("10")]
    [InlineData("203.0.113.025")]
    [InlineData("300.0.113.25")]
    [InlineData("2001:db8::25")]
    [InlineData("mail.example.org")]
    public void A_host_ip_that_is_not_a_dotted_ipv4_address_names_the_setting(string hostIp)
    {
        var error = Assert.Throws<BuildInputException>(() => SnatRule.Create(hostIp, "MAIL_HOST_IP", "172.28.0.0/16", "MAIL_SUBNET"));

        Assert.Equal(
            $"MAIL_HOST_IP has the invalid value '{hostIp}': expected the host's public IPv4 address the mail should leave from, e.g. 203.0.113.25.",
            error.Message);
    }

    [Theory]
    [InlineData("172.28.0.0")]
    [InlineData("172.28.0.5/16")]
    [InlineData("172.28.0.0/33")]
    [InlineData("fd00::/64")]
    [InlineData("172.28/16")]
    [InlineData("172.028.0.0/16")]
    public void A_subnet_that_is_not_canonical_ipv4_cidr_names_its_source(string subnet)
    {
        var error = Assert.Throws<BuildInputException>(() => SnatRule.Create("203.0.113.25", "MAIL_HOST_IP", subnet, "MAIL_SUBNET"));

        Assert.Equal(
            $"MAIL_SUBNET has the invalid value '{subnet}': expected an IPv4 network in CIDR form with no host bits, e.g. 172.28.0.0/16.",
            error.Message);
    }
}
