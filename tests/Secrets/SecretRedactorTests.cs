using PrivateCloud.Tasks.Secrets;

namespace PrivateCloud.Tests.Secrets;

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
}
