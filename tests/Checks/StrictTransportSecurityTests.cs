using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tests.Checks;

/// <summary>The HSTS grade at its boundaries: six months exactly passes, a second less fails.</summary>
public sealed class StrictTransportSecurityTests
{
    private const string Fix = "(Traefik's security-headers or hsts middleware on the router sets it)";

    [Fact]
    public void No_header_fails_and_says_what_to_send()
    {
        var finding = StrictTransportSecurity.Judge(null);

        Assert.Equal(new TlsFinding(CheckState.Fail, $"no Strict-Transport-Security header: send max-age=31536000; includeSubDomains {Fix}"), finding);
    }

    [Fact]
    public void Six_months_exactly_passes_and_a_second_less_fails()
    {
        Assert.Equal(new TlsFinding(CheckState.Ok, "HSTS max-age=15768000 without includeSubDomains"), StrictTransportSecurity.Judge(["max-age=15768000"]));
        Assert.Equal(
            new TlsFinding(CheckState.Fail, $"HSTS max-age=15767999 is under 15768000 s (6 months): send max-age=31536000 or more {Fix}"),
            StrictTransportSecurity.Judge(["max-age=15767999"]));
    }

    [Theory]
    [InlineData("max-age=31536000; includeSubDomains; preload")]
    [InlineData("Max-Age=\"31536000\" ; INCLUDESUBDOMAINS")]
    public void Directives_are_read_in_any_case_with_the_max_age_quoted_or_not(string header)
    {
        Assert.Equal(new TlsFinding(CheckState.Ok, "HSTS max-age=31536000, includeSubDomains"), StrictTransportSecurity.Judge([header]));
    }

    [Theory]
    [InlineData("includeSubDomains")]
    [InlineData("max-age=a year")]
    [InlineData("max-age=-1")]
    [InlineData("max-age")]
    public void A_header_without_a_valid_max_age_fails_quoting_it(string header)
    {
        var finding = StrictTransportSecurity.Judge([header]);

        Assert.Equal(CheckState.Fail, finding.State);
        Assert.Equal($"Strict-Transport-Security '{header}' has no valid max-age: send max-age=31536000; includeSubDomains {Fix}", finding.Text);
    }

    [Fact]
    public void Only_the_first_header_counts_as_for_a_browser()
    {
        var finding = StrictTransportSecurity.Judge(["max-age=60", "max-age=31536000"]);

        Assert.Equal(CheckState.Fail, finding.State);
        Assert.StartsWith("HSTS max-age=60 is under", finding.Text);
    }
}
