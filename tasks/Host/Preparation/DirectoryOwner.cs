using System.Globalization;
using System.Text.RegularExpressions;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>
/// A volume's <c>x-owner: {user, group, mode}</c>, expanded: <see cref="User"/> and <see cref="Group"/>
/// are numeric ids or names, <see cref="Mode"/> octal permission bits (setgid and sticky bits allowed).
/// </summary>
public sealed partial record DirectoryOwner(string User, string Group, string Mode)
{
    public const string Key = "x-owner";

    /// <summary>Why the declaration cannot be applied as it stands, or null when it can.</summary>
    public string? Problem() =>
        !Name().IsMatch(User) ? $"user '{User}' is neither a uid nor a user name"
        : !Name().IsMatch(Group) ? $"group '{Group}' is neither a gid nor a group name"
        : !OctalMode().IsMatch(Mode) ? $"mode '{Mode}' is not octal permission bits like 0755 or 2775"
        : null;

    /// <summary>The mode as <c>stat -c %a</c> prints it: octal, without leading zeros.</summary>
    public string StatMode => Convert.ToString(Convert.ToInt32(Mode, 8), 8);

    public static bool IsId(string name) => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    public override string ToString() => $"{User}:{Group} {Mode}";

    [GeneratedRegex(@"^([0-9]+|[a-z_][a-z0-9_-]*)\z")]
    private static partial Regex Name();

    [GeneratedRegex(@"^0?[0-7]{3,4}\z")]
    private static partial Regex OctalMode();
}
