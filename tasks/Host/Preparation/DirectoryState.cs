using System.Globalization;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>A directory's owner, group and permission bits as <c>stat -c '%u %U %g %G %a'</c> prints them.</summary>
public sealed record DirectoryState(int Uid, string User, int Gid, string Group, string Mode)
{
    public const string StatFormat = "%u %U %g %G %a";

    public static DirectoryState Parse(string statOutput)
    {
        var fields = statOutput.Trim().Split(' ');
        return fields.Length == 5
            && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
            ? new DirectoryState(uid, fields[1], gid, fields[3], fields[4])
            : throw new FormatException($"stat -c '{StatFormat}' printed '{statOutput.Trim()}', not 'uid user gid group mode'.");
    }

    /// <summary>User and group match by id or by name, as a declaration may give either.</summary>
    public bool HasOwner(DirectoryOwner owner) => Is(owner.User, Uid, User) && Is(owner.Group, Gid, Group);

    public bool HasMode(DirectoryOwner owner) => Mode == owner.StatMode;

    private static bool Is(string declared, int id, string name) =>
        int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number == id : declared == name;
}
