using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>
/// Judges an HTTPS answer's Strict-Transport-Security header as an A+ rating does: present, with a
/// max-age of at least six months. includeSubDomains is noted, not required.
/// </summary>
public static class StrictTransportSecurity
{
    public const string Header = "Strict-Transport-Security";

    /// <summary>Six months in seconds, the least max-age an A+ rating accepts.</summary>
    public const long MinimumMaxAge = 15768000;

    /// <summary>One year, the value to suggest.</summary>
    public const long SuggestedMaxAge = 31536000;

    private const string Fix = "Traefik's security-headers or hsts middleware on the router sets it";

    /// <param name="values">The header's values as received, or null when there was none; a browser heeds only the first.</param>
    public static TlsFinding Judge(IEnumerable<string>? values)
    {
        if (values?.FirstOrDefault() is not { } header)
        {
            return Fail($"no {Header} header: send max-age={SuggestedMaxAge}; includeSubDomains ({Fix})");
        }

        var directives = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToList();
        var maxAge = directives.FirstOrDefault(d => d[0].Equals("max-age", StringComparison.OrdinalIgnoreCase)) is [_, var text]
                     && long.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : (long?)null;
        if (maxAge is not { } age)
        {
            return Fail($"{Header} '{header}' has no valid max-age: send max-age={SuggestedMaxAge}; includeSubDomains ({Fix})");
        }

        if (age < MinimumMaxAge)
        {
            return Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"HSTS max-age={age} is under {MinimumMaxAge} s (6 months): send max-age={SuggestedMaxAge} or more ({Fix})"));
        }

        var subdomains = directives.Any(d => d.Length == 1 && d[0].Equals("includeSubDomains", StringComparison.OrdinalIgnoreCase));
        return new TlsFinding(
            CheckState.Ok, string.Create(CultureInfo.InvariantCulture, $"HSTS max-age={age}{(subdomains ? ", includeSubDomains" : " without includeSubDomains")}"));
    }

    private static TlsFinding Fail(string text) => new(CheckState.Fail, text);
}
