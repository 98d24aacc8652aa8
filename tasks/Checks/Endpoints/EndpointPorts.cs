using System.Globalization;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>The port each kind of endpoint is checked on: the standard ones unless told otherwise.</summary>
public sealed record EndpointPorts(IReadOnlyDictionary<EndpointKind, int> Ports)
{
    public const string DefaultText = "https=443,smtp=25,submission=587,smtps=465,imaps=993";

    public static EndpointPorts Default { get; } = Parse(DefaultText, "the default");

    public int this[EndpointKind kind] => Ports[kind];

    /// <summary>Reads <c>kind=port</c> pairs; kinds not named keep their standard port.</summary>
    public static EndpointPorts Parse(string text, string origin)
    {
        var ports = Default?.Ports.ToDictionary() ?? [];
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !Enum.TryParse<EndpointKind>(parts[0], ignoreCase: true, out var kind) || int.TryParse(parts[0], out _))
            {
                throw new BuildInputException(
                    $"{origin}: '{pair}' is not kind=port; the kinds are {string.Join(", ", Enum.GetNames<EndpointKind>().Select(n => n.ToLowerInvariant()))}.");
            }

            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new BuildInputException($"{origin}: '{pair}' needs a port from 1 to 65535.");
            }

            ports[kind] = port;
        }

        return new EndpointPorts(ports);
    }
}
