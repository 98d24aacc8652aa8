namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>What is checked on an endpoint, and so which port and protocol it uses.</summary>
public enum EndpointKind
{
    /// <summary>A web route through the reverse proxy: TLS with SNI, then an HTTP status.</summary>
    Https,

    /// <summary>Incoming mail (MX, port 25): STARTTLS offered.</summary>
    Smtp,

    /// <summary>Mail submission (587): STARTTLS required before AUTH, AUTH offered after it.</summary>
    Submission,

    /// <summary>Mail submission over implicit TLS (465).</summary>
    Smtps,

    /// <summary>IMAP over implicit TLS (993), with a LOGIN when credentials are given.</summary>
    Imaps,
}
