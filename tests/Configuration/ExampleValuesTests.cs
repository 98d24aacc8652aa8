using PrivateCloud.Tasks.Configuration.EnvFiles;

namespace PrivateCloud.Tests.Configuration;

/// <summary>What NewEnv makes of each example value of .env.dist, at the edges of each rule.</summary>
public sealed class ExampleValuesTests
{
    [Theory]
    [InlineData("MYSQL_ROOT_PASSWORD", "example-root-password", ExampleValueKind.Generated)]
    [InlineData("COZY_ADMIN_PASSPHRASE", "x", ExampleValueKind.Generated)]
    [InlineData("DAVIS_APP_SECRET", "x", ExampleValueKind.Generated)]
    [InlineData("MAPS_API_KEY", "x", ExampleValueKind.Generated)]
    [InlineData("DEPLOY_BACKUP_PASSPHRASE", "x", ExampleValueKind.Generated)]
    [InlineData("STATUS_CREDENTIALS", "admin:$2y$11$x", ExampleValueKind.Hashed)]
    [InlineData("CRYPTPAD_ADMIN_KEY", "[admin@pad.example.com/key=]", ExampleValueKind.Kept)]
    [InlineData("DEPLOY_ACCEPT_NEW_HOST_KEY", "false", ExampleValueKind.Kept)]
    [InlineData("PASSWORDS_DOMAIN", "passwords.example.com", ExampleValueKind.LeftForUser)]
    [InlineData("TOP_DOMAIN", "example.com", ExampleValueKind.LeftForUser)]
    [InlineData("EMAIL", "admin@example.com", ExampleValueKind.LeftForUser)]
    [InlineData("DEPLOY_HOST", "debian@cloud.example.com", ExampleValueKind.LeftForUser)]
    [InlineData("BACKUP_URL", "s3://s3.example.net/bucket", ExampleValueKind.LeftForUser)]
    [InlineData("MAIL_HOST_IP", "203.0.113.25", ExampleValueKind.LeftForUser)]
    [InlineData("MAIL_HOST_IP", "192.0.2.255", ExampleValueKind.LeftForUser)]
    [InlineData("MAIL_HOST_IP", "203.0.114.1", ExampleValueKind.Kept)]
    [InlineData("PUBLIC_IP", "0.0.0.0", ExampleValueKind.Kept)]
    [InlineData("DAVIS_AUTH_REALM", "example-dav", ExampleValueKind.Kept)]
    [InlineData("SITE", "notexample.com", ExampleValueKind.Kept)]
    [InlineData("SITE", "example.community", ExampleValueKind.Kept)]
    [InlineData("DKIM_SELECTOR", "mail2026", ExampleValueKind.Kept)]
    public void Each_example_is_made_as_its_name_and_value_say(string name, string example, ExampleValueKind expected) =>
        Assert.Equal(expected, ExampleValues.Classify(name, example));

    [Fact]
    public void Only_secrets_with_an_example_must_be_replaced()
    {
        Assert.True(ExampleValues.MustBeReplaced("GITEA_ADMIN_PASSWORD", "example-gitea-admin-password"));
        Assert.True(ExampleValues.MustBeReplaced("STATUS_CREDENTIALS", "admin:hash"));
        Assert.False(ExampleValues.MustBeReplaced("GITEA_ADMIN_PASSWORD", string.Empty));
        Assert.False(ExampleValues.MustBeReplaced("GITEA_ADMIN_USER", "me"));
        Assert.False(ExampleValues.MustBeReplaced("CRYPTPAD_ADMIN_KEY", "[admin@pad.example.com/key=]"));
    }

    [Fact]
    public void Generated_secrets_are_long_letters_and_digits_and_differ()
    {
        var secrets = Enumerable.Range(0, 200).Select(_ => RandomSecret.New()).ToList();

        Assert.All(secrets, secret => Assert.Matches("^[A-Za-z0-9]{32}$", secret));
        Assert.Equal(secrets.Count, secrets.Distinct(StringComparer.Ordinal).Count());
        // Every character of the alphabet turns up over 6400 draws: no bias towards a subset.
        Assert.Equal(RandomSecret.Alphabet.Order(), string.Concat(secrets).Distinct().Order());
    }
}
