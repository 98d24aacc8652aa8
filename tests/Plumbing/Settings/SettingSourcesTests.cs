using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tests.Plumbing.Settings;

public class SettingSourcesTests
{
    private static readonly Setting Port = new("port", "A port.", "22");
    private static readonly Setting Token = new("api-token", "A secret.") { Secret = true };
    private static readonly Setting Stack = new("stack", "Bootstrap.", "configuration") { Bootstrap = true };

    private static SettingSources Sources(
        (string Name, string Value)[]? arguments = null,
        Dictionary<string, string>? environment = null,
        Dictionary<string, (string, string)>? dotEnv = null) =>
        new(
            (arguments ?? []).ToLookup(a => a.Name, a => a.Value, StringComparer.OrdinalIgnoreCase),
            name => environment?.GetValueOrDefault(name),
            dotEnv);

    [Fact]
    public void The_environment_variable_is_derived_from_the_name() =>
        Assert.Equal("DEPLOY_API_TOKEN", Token.EnvironmentVariable);

    [Fact]
    public void Command_line_then_environment_then_env_file_then_default()
    {
        var env = new Dictionary<string, string> { ["DEPLOY_PORT"] = "2200" };
        var file = new Dictionary<string, (string, string)> { ["DEPLOY_PORT"] = ("2300", ".env:4") };

        Assert.Equal("2100", Sources([("port", "2100")], env, file).Get(Port));
        Assert.Equal("2200", Sources(null, env, file).Get(Port));
        Assert.Equal("2300", Sources(null, null, file).Get(Port));
        Assert.Equal("22", Sources().Get(Port));
        Assert.Equal(".env:4", Sources(null, null, file).Find(Port)!.Value.Origin);
    }

    [Fact]
    public void A_bootstrap_setting_ignores_the_env_file()
    {
        var file = new Dictionary<string, (string, string)> { ["DEPLOY_STACK"] = ("elsewhere", ".env:1") };

        Assert.Equal("configuration", Sources(null, null, file).Get(Stack));
    }

    [Fact]
    public void A_secret_setting_is_refused_on_the_command_line_without_echoing_it()
    {
        var error = Assert.Throws<BuildInputException>(() => Sources([("api-token", "s3cr3t-value")]).Get(Token));

        Assert.Contains("DEPLOY_API_TOKEN", error.Message);
        Assert.DoesNotContain("s3cr3t-value", error.Message);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\t")]
    [InlineData("\0")]
    [InlineData("\u0085")]
    public void A_control_character_is_refused_from_every_source_naming_the_setting_and_not_the_value(string control)
    {
        var value = "s3cr3t-value" + control + "more";
        var fromCommandLine = Assert.Throws<BuildInputException>(() => Sources([("port", value)]).Get(Port));
        var fromEnvironment = Assert.Throws<BuildInputException>(() => Sources(null, new() { ["DEPLOY_API_TOKEN"] = value }).Get(Token));
        var fromEnvFile = Assert.Throws<BuildInputException>(() => Sources(null, null, new() { ["DEPLOY_PORT"] = (value, ".env:4") }).Find(Port));

        Assert.Equal("--port (command line): --port holds a control character (a line break, tab or the like), which no setting takes: remove it.", fromCommandLine.Message);
        Assert.Equal("DEPLOY_API_TOKEN (environment): --api-token holds a control character (a line break, tab or the like), which no setting takes: remove it.", fromEnvironment.Message);
        Assert.Equal(".env:4: --port holds a control character (a line break, tab or the like), which no setting takes: remove it.", fromEnvFile.Message);
    }

    [Fact]
    public void A_number_out_of_range_names_the_setting_and_where_it_came_from()
    {
        var error = Assert.Throws<BuildInputException>(() =>
            Sources(null, new Dictionary<string, string> { ["DEPLOY_PORT"] = "99999" }).GetInt(Port, 1, 65535));

        Assert.Equal("DEPLOY_PORT (environment): --port takes a whole number from 1 to 65535.", error.Message);
    }
}
