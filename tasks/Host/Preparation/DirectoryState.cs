using System.Globalization;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>A directory's group and permission bits as <c>stat -c '%g %G %a'</c> prints them.</summary>
public sealed record DirectoryState(int Gid, string Group, string Mode)
{
    public const string StatFormat = "%g %G %a";

    public static DirectoryState Parse(string statOutput)
    {
        var fields = statOutput.Trim().Split(' ');
        return fields.Length == 3 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
            ? new DirectoryState(gid, fields[1], fields[2])
            : throw new FormatException($"stat -c '{StatFormat}' printed '{statOutput.Trim()}', not 'gid group mode'.");
    }

    /// <summary><paramref name="group"/> is a numeric gid or a group name, as MAIL_VOLUME_GROUP may hold either.</summary>
    public bool HasGroup(string group) =>
        int.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var gid) ? gid == Gid : group == Group;
}
