using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>Which endpoints the stack serves: every name Traefik routes (<see cref="Plumbing.Docker.TraefikRoutes"/>) over HTTPS, and the mail ports on MAIL_DOMAIN.</summary>
public static class EndpointPlan
{
    public const string MailDomainVariable = "MAIL_DOMAIN";

    private static readonly EndpointKind[] MailKinds = [EndpointKind.Smtp, EndpointKind.Submission, EndpointKind.Smtps, EndpointKind.Imaps];

    /// <param name="webNames">The names Traefik routes, each checked over HTTPS.</param>
    public static IReadOnlyList<Endpoint> From(IReadOnlyList<string> webNames, StackVariables variables, EndpointPorts ports)
    {
        var endpoints = webNames.Select(name => new Endpoint(EndpointKind.Https, name, ports[EndpointKind.Https])).ToList();
        if (variables[MailDomainVariable]?.Trim() is { Length: > 0 } mail)
        {
            endpoints.AddRange(MailKinds.Select(kind => new Endpoint(kind, mail, ports[kind])));
        }

        return endpoints;
    }
}
