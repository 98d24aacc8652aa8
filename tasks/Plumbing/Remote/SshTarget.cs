using System.Globalization;
using System.Net;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>The account and address the tool connects to: <c>[user@]host[:port]</c>.</summary>
public sealed record SshTarget(string User, string Host, int Port)
{
    public const string DefaultUser = "root";
    public const int DefaultPort = 22;

    /// <summary>Whether commands run as root directly, or need <c>sudo</c>.</summary>
    public bool IsRoot => User == DefaultUser;

    /// <summary>
    /// Parses <c>host</c>, <c>user@host</c>, <c>host:2222</c>, <c>user@[::1]:2222</c>.
    /// A bare IPv6 address (more than one colon, no brackets) is taken whole, without a port.
    /// </summary>
    public static SshTarget Parse(string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw Invalid(value, "it is empty");
        }

        var user = DefaultUser;
        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            user = text[..at];
            text = text[(at + 1)..];
            if (!IsValidUser(user))
            {
                throw Invalid(value, $"'{user}' is not a valid user name");
            }
        }

        var (host, portText) = SplitHostAndPort(text, value);
        if (!IsValidHost(host))
        {
            throw Invalid(value, $"'{host}' is not a host name or IP address");
        }

        var port = DefaultPort;
        if (portText is not null &&
            (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw Invalid(value, $"port '{portText}' is not a number from 1 to 65535");
        }

        return new SshTarget(user, host, port);
    }

    /// <summary>How OpenSSH names this host in known_hosts: the bare host on port 22, else <c>[host]:port</c>.</summary>
    public string KnownHostsName => Port == DefaultPort ? Host : $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() =>
        $"{User}@{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static (string Host, string? Port) SplitHostAndPort(string text, string? original)
    {
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                throw Invalid(original, "'[' has no matching ']'");
            }

            var rest = text[(close + 1)..];
            if (rest.Length > 0 && !rest.StartsWith(':'))
            {
                throw Invalid(original, $"unexpected '{rest}' after ']'");
            }

            return (text[1..close], rest.Length > 0 ? rest[1..] : null);
        }

        var colons = text.Count(c => c == ':');
        if (colons == 1)
        {
            var colon = text.IndexOf(':');
            return (text[..colon], text[(colon + 1)..]);
        }

        return (text, null);
    }

    private static bool IsValidUser(string user) =>
        user.Length > 0 && user.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && user[0] != '-';

    private static bool IsValidHost(string host) =>
        host.Length > 0 &&
        (IPAddress.TryParse(host, out _) ||
         (Uri.CheckHostName(host) == UriHostNameType.Dns && host[0] != '-'));

    private static BuildInputException Invalid(string? value, string reason) =>
        new($"Setting {CoreSettings.Host.Option} has the invalid value '{value}': {reason}; expected [user@]host[:port], e.g. root@203.0.113.10:22 or admin@[2001:db8::1]:2222.");
}
