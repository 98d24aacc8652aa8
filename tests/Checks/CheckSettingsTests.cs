using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tests.Checks;

public sealed class CheckSettingsTests
{
    [Fact]
    public void Defaults_are_the_standard_ports_14_days_and_10_seconds()
    {
        var settings = CheckSettings.Read(Sources(), "/work");

        Assert.Equal(14, settings.WarnDays);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Timeout);
        Assert.Equal([443, 25, 587, 465, 993], new[] { EndpointKind.Https, EndpointKind.Smtp, EndpointKind.Submission, EndpointKind.Smtps, EndpointKind.Imaps }.Select(k => settings.Ports[k]));
        Assert.Null(settings.ResolveTo);
        Assert.Null(settings.CaFilePath);
        Assert.Null(settings.ReportFile);
    }

    [Fact]
    public void Endpoint_ports_replace_only_the_kinds_named()
    {
        var settings = CheckSettings.Read(Sources(("endpoint-ports", "imaps=10993, https=8443")), "/work");

        Assert.Equal((8443, 25, 10993), (settings.Ports[EndpointKind.Https], settings.Ports[EndpointKind.Smtp], settings.Ports[EndpointKind.Imaps]));
    }

    [Theory]
    [InlineData("resolve", "mail.example.org", "--resolve (command line): --resolve takes an IP address like 203.0.113.7, not 'mail.example.org'.")]
    [InlineData("endpoint-ports", "pop3=995", "--endpoint-ports (command line): 'pop3=995' is not kind=port; the kinds are https, smtp, submission, smtps, imaps.")]
    [InlineData("endpoint-ports", "https=70000", "--endpoint-ports (command line): 'https=70000' needs a port from 1 to 65535.")]
    [InlineData("cert-warn-days", "2", "--cert-warn-days (command line): --cert-warn-days takes a whole number from 3 to 3650.")]
    [InlineData("ca-file", "/nonexistent/ca.pem", "--ca-file (command line): the CA file '/nonexistent/ca.pem' does not exist.")]
    public void Bad_values_name_the_setting_and_what_it_takes(string name, string value, string message)
    {
        var error = Assert.Throws<BuildInputException>(() => CheckSettings.Read(Sources((name, value)), "/work"));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("json", OutputFormat.Json)]
    [InlineData("TEXT", OutputFormat.Text)]
    public void The_output_format_is_text_or_json(string value, OutputFormat format) =>
        Assert.Equal(format, OutputFormats.Read(Sources(("format", value))));

    [Fact]
    public void Another_output_format_is_refused()
    {
        var error = Assert.Throws<BuildInputException>(() => OutputFormats.Read(Sources(("format", "yaml"))));

        Assert.Equal("--format (command line): --format takes text, json, zone or table, not 'yaml'.", error.Message);
    }

    private static SettingSources Sources(params (string Name, string Value)[] arguments) =>
        new(arguments.ToLookup(a => a.Name, a => a.Value, StringComparer.OrdinalIgnoreCase), _ => null);
}
