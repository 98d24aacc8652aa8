using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tests.Plumbing.Secrets;

public class SecretRedactorTests
{
    [Theory]
    [InlineData("MYSQL_ROOT_PASSWORD", true)]
    [InlineData("GPG_PASSPHRASE", true)]
    [InlineData("app-secret", true)]
    [InlineData("DKIM_KEY", true)]
    [InlineData("MAPS_API_KEY", true)]
    [InlineData("GITEA_TOKEN", true)]
    [InlineData("AWS_CREDENTIALS", true)]
    [InlineData("CLOUD_DOMAIN", false)]
    [InlineData("PASSWORDS_DOMAIN", false)]
    [InlineData("passwords-domain", false)]
    [InlineData("KEYS_DOMAIN_PASSWORD", true)]
    [InlineData("MAIL_HOST_IP", false)]
    public void Recognises_secret_names(string name, bool secret) =>
        Assert.Equal(secret, SecretRedactor.IsSecretName(name));

    [Fact]
    public void Masks_every_occurrence_and_longest_secret_first()
    {
        var redactor = new SecretRedactor();
        redactor.Add("hunter2");
        redactor.Add("hunter2-extended");
        redactor.Add(string.Empty);

        var text = redactor.Redact("a=hunter2 b=hunter2-extended c=hunter2");

        Assert.Equal("a=[REDACTED] b=[REDACTED] c=[REDACTED]", text);
        Assert.True(redactor.ContainsSecret("xx hunter2"));
        Assert.False(redactor.ContainsSecret("nothing here"));
    }

    [Fact]
    public void A_secret_is_matched_in_its_own_case_only_and_each_case_of_it_added_is_masked()
    {
        var redactor = new SecretRedactor();
        redactor.Add("hunter22");
        redactor.Add("HUNTER22");

        Assert.Equal("[REDACTED] [REDACTED] Hunter22", redactor.Redact("hunter22 HUNTER22 Hunter22"));
        Assert.False(redactor.ContainsSecret("Hunter22"));
        Assert.Equal(["hunter22", "HUNTER22"], redactor.Secrets);
    }

    [Fact]
    public void Each_line_of_a_multi_line_secret_is_masked_on_its_own()
    {
        var redactor = new SecretRedactor();
        redactor.Add("-----BEGIN KEY-----\r\n  MIIEvQIBADANBgkq\r\nhkiG9w0BAQEFAASC\nab\n-----END KEY-----\n");

        Assert.Equal("x [REDACTED] y", redactor.Redact("x MIIEvQIBADANBgkq y"));
        Assert.Equal("[REDACTED]", redactor.Redact("hkiG9w0BAQEFAASC"));
        Assert.Equal("ab cd", redactor.Redact("ab cd"));
    }

    [Theory]
    [InlineData("true", "a boolean")]
    [InlineData("False", "a boolean")]
    [InlineData("off", "a boolean")]
    [InlineData("On", "a boolean")]
    [InlineData("yes", "a boolean")]
    [InlineData(" no ", "a boolean")]
    [InlineData("8080", "shorter than 6 characters")]
    [InlineData("0.25", "shorter than 6 characters")]
    [InlineData("abc12", "shorter than 6 characters")]
    [InlineData("12345", "shorter than 6 characters")]
    [InlineData("abc123", null)]
    [InlineData("123456", null)]
    [InlineData("83749283749823", null)]
    [InlineData("1.5e10", null)]
    [InlineData("correct horse", null)]
    public void Booleans_and_values_shorter_than_six_characters_cannot_be_masked_long_numbers_can(string value, string? reason) =>
        Assert.Equal(reason, SecretRedactor.Unmaskable(value));

    [Fact]
    public void An_all_digit_secret_is_masked()
    {
        var redactor = new SecretRedactor();
        redactor.Add("83749283749823");

        Assert.Equal("pin [REDACTED] set", redactor.Redact("pin 83749283749823 set"));
    }
}
