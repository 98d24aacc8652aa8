using PrivateCloud.Tasks.Mail.Dns;
using PrivateCloud.Tasks.Mail;

namespace PrivateCloud.Tests.Mail;

public class DnsRecordFormatterTests
{
    [Fact]
    public void A_txt_value_of_255_bytes_stays_one_string_and_the_256th_byte_starts_another()
    {
        var exactly = new string('a', 255);

        Assert.Equal($"\"{exactly}\"", DnsRecordFormatter.QuotedTxt(exactly));
        Assert.Equal($"\"{exactly}\" \"b\"", DnsRecordFormatter.QuotedTxt(exactly + "b"));
        Assert.Equal("\"\"", DnsRecordFormatter.QuotedTxt(string.Empty));
    }

    [Fact]
    public void Quotes_and_backslashes_are_escaped_and_a_multibyte_character_is_never_cut()
    {
        Assert.Equal("\"say \\\"hi\\\" \\\\o/\"", DnsRecordFormatter.QuotedTxt("say \"hi\" \\o/"));

        var split = DnsRecordFormatter.QuotedTxt(new string('a', 254) + "é");

        Assert.Equal($"\"{new string('a', 254)}\" \"é\"", split);
    }

    [Theory]
    [InlineData("TXT", "v=DKIM1; k=rsa; p=AB CD", "v=DKIM1;k=rsa;p=ABCD;", true)]
    [InlineData("TXT", "v=DMARC1; p=none; rua=mailto:a@b", "v=DMARC1; p=reject; rua=mailto:a@b", false)]
    [InlineData("TXT", "v=spf1 mx -all", "v=spf1  mx  -all", true)]
    [InlineData("TXT", "v=spf1 mx -all", "v=spf1 mx ~all", false)]
    [InlineData("MX", "10 mail.example.org.", "10 MAIL.example.org", true)]
    [InlineData("MX", "10 mail.example.org.", "20 mail.example.org.", false)]
    [InlineData("CAA", "0 issue \"letsencrypt.org\"", "128 issue \"letsencrypt.org\"", true)]
    [InlineData("SRV", "0 1 443 dav.example.org.", "0 1 8443 dav.example.org.", false)]
    public void Values_compare_with_names_tags_and_blanks_normalised(string type, string expected, string found, bool equal)
    {
        var record = new DnsRecord("example.org.", type, expected, 3600, true, "test");

        Assert.Equal(equal, DnsValues.Equal(record, found));
    }

    [Fact]
    public void Only_txt_records_of_the_same_version_and_caa_issue_records_are_compared()
    {
        var spf = new DnsRecord("example.org.", "TXT", "v=spf1 mx -all", 3600, true, "test");
        var caa = new DnsRecord("example.org.", "CAA", "0 issue \"letsencrypt.org\"", 3600, false, "test");

        Assert.True(DnsValues.SameKind(spf, "v=spf1 a -all"));
        Assert.False(DnsValues.SameKind(spf, "site-verification=abc"));
        Assert.False(DnsValues.SameKind(caa, "0 iodef \"mailto:a@example.org\""));
        Assert.True(DnsValues.SameKind(caa, "0 issue \"pki.example\""));
    }
}
