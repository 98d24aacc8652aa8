using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

/// <summary>What FailoverIp and RenameVolume work on; null where not given.</summary>
public sealed record MaintenanceSettings
{
    public static readonly Setting Ip = new("ip", "The failover IPv4 address FailoverIp adds to the host, e.g. 203.0.113.7.")
    {
        ReadBy = [nameof(FailoverIp)],
    };

    public static readonly Setting Interface = new("interface", "The network interface FailoverIp puts the failover address on.", "ens3")
    {
        ReadBy = [nameof(FailoverIp)],
    };

    public static readonly Setting Alias = new("alias", "The number of FailoverIp's interface alias (ens3:1).", "1")
    {
        ReadBy = [nameof(FailoverIp)],
    };

    public static readonly Setting From = new("from", "The named Docker volume RenameVolume copies.")
    {
        ReadBy = [nameof(RenameVolume)],
    };

    public static readonly Setting To = new("to", "The new named Docker volume RenameVolume copies into.")
    {
        ReadBy = [nameof(RenameVolume)],
    };

    public static readonly Setting HelperImage = new("helper-image", "The image of RenameVolume's copying container.", "busybox:stable")
    {
        ReadBy = [nameof(RenameVolume)],
    };

    public static readonly Setting RemoveSource = new("remove-source", "RenameVolume removes the source volume after a verified copy (with --confirm).", "false")
    {
        ReadBy = [nameof(RenameVolume)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } = [Ip, Interface, Alias, From, To, HelperImage, RemoveSource];

    public IPAddress? FailoverIp { get; init; }

    public required string InterfaceName { get; init; }

    public required int AliasNumber { get; init; }

    public string? FromVolume { get; init; }

    public string? ToVolume { get; init; }

    public required string Helper { get; init; }

    public required bool RemoveSourceVolume { get; init; }

    public static MaintenanceSettings Read(SettingSources sources)
    {
        IPAddress? ip = null;
        if (sources.Find(Ip) is { } given
            && (!IPAddress.TryParse(given.Value, out ip) || ip.AddressFamily != AddressFamily.InterNetwork || given.Value.Count(c => c == '.') != 3))
        {
            throw new BuildInputException($"{given.Origin}: {Ip.Option} takes an IPv4 address like 203.0.113.7, not '{given.Value}'.");
        }

        var interfaceName = sources.Get(Interface)!;
        if (interfaceName.Length is 0 or > 15 || interfaceName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new BuildInputException($"{Interface.Option} takes a network interface name like ens3, not '{interfaceName}'.");
        }

        return new MaintenanceSettings
        {
            FailoverIp = ip,
            InterfaceName = interfaceName,
            AliasNumber = sources.GetInt(Alias, 0, 255),
            FromVolume = VolumeName(sources, From),
            ToVolume = VolumeName(sources, To),
            Helper = sources.Get(HelperImage)!,
            RemoveSourceVolume = sources.GetFlag(RemoveSource),
        };
    }

    /// <summary>Docker's rule for volume names: a letter or digit, then letters, digits, _ . -.</summary>
    private static string? VolumeName(SettingSources sources, Setting setting)
    {
        if (sources.Find(setting) is not { } given)
        {
            return null;
        }

        var name = given.Value;
        var valid = name.Length > 1 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
        return valid ? name : throw new BuildInputException(
            string.Create(CultureInfo.InvariantCulture, $"{given.Origin}: '{name}' is not a Docker volume name (a letter or digit, then letters, digits, _ . -)."));
    }
}
