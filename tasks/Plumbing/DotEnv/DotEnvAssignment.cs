using System.Runtime.Versioning;
using System.Text;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Plumbing.DotEnv;

/// <summary>
/// Sets one variable in an <c>.env</c> file the user also edits by hand: its line is replaced
/// where it stands (or appended), every other line, comment and blank stays as it was.
/// </summary>
[UnsupportedOSPlatform("windows")]
public static class DotEnvAssignment
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <returns>Whether the file changed.</returns>
    public static bool Set(string path, string name, string value)
    {
        var assignment = Line(name, value, path);
        var text = File.ReadAllText(path);
        var entry = DotEnvFile.Load(path, _ => null).Find(name);
        var lines = text.Split('\n').ToList();
        if (entry is null)
        {
            if (lines[^1].Length > 0)
            {
                lines.Add(string.Empty);
            }

            lines.Insert(lines.Count - 1, assignment);
        }
        else
        {
            var index = entry.Line - 1;
            var current = lines[index].TrimEnd('\r');
            if (!current.TrimStart().StartsWith($"{name}=", StringComparison.Ordinal) && !current.TrimStart().StartsWith($"export {name}=", StringComparison.Ordinal))
            {
                throw new BuildInputException($"{path}:{entry.Line}: {name} is not a one-line assignment there; delete it and run again.");
            }

            if (current == assignment)
            {
                return false;
            }

            lines[index] = lines[index].EndsWith('\r') ? assignment + '\r' : assignment;
        }

        // The file holds secrets: whatever its mode was, it ends up owner-only.
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(string.Join('\n', lines)), OwnerOnly);
        return true;
    }

    /// <summary>The line <c>name=value</c> as it is written into <paramref name="path"/>.</summary>
    /// <param name="value">
    /// Written unquoted, or in single quotes when it holds a '$': compose v2 expands '$' in an unquoted
    /// .env value, and docker-compose 1.29 keeps the '$$' that would escape it, so only a single-quoted
    /// literal reads the same under both. It must hold no blank, '#', quote, backslash or control character.
    /// </param>
    public static string Line(string name, string value, string path)
    {
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '#' or '"' or '\'' or '\\'))
        {
            throw new ArgumentException($"The value of {name} would need quoting in {path}.", nameof(value));
        }

        return value.Contains('$', StringComparison.Ordinal) ? $"{name}='{value}'" : $"{name}={value}";
    }
}
