using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>Which endpoints the stack serves, read from its variables: every *_DOMAIN over HTTPS, and the mail ports on MAIL_DOMAIN.</summary>
public static class EndpointPlan
{
    public const string DomainSuffix = "_DOMAIN";
    public const string MailDomainVariable = "MAIL_DOMAIN";

    private static readonly EndpointKind[] MailKinds = [EndpointKind.Smtp, EndpointKind.Submission, EndpointKind.Smtps, EndpointKind.Imaps];

    public static IReadOnlyList<Endpoint> From(StackVariables variables, EndpointPorts ports)
    {
        var webNames = variables.Values
            .Where(v => v.Key.EndsWith(DomainSuffix, StringComparison.Ordinal) && v.Value.Trim().Length > 0)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => v.Value.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase);
        var endpoints = webNames.Select(name => new Endpoint(EndpointKind.Https, name, ports[EndpointKind.Https])).ToList();
        if (variables[MailDomainVariable]?.Trim() is { Length: > 0 } mail)
        {
            endpoints.AddRange(MailKinds.Select(kind => new Endpoint(kind, mail, ports[kind])));
        }

        return endpoints;
    }
}
