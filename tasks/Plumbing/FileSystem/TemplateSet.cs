using System.Text;
using System.Text.RegularExpressions;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.FileSystem;

/// <summary>
/// Finds the templates of a stack by globs relative to the stack directory. Never looks inside
/// <c>.git</c> or a nested repository / submodule: their templates belong to another project.
/// </summary>
public static class TemplateSet
{
    public const string DefaultGlobs = "**/*.template";
    public const string Suffix = ".template";

    /// <param name="stackDirectory">The stack root; a .git there is fine, nested ones are skipped.</param>
    /// <param name="globs">Comma-separated globs: <c>**</c> any directories, <c>*</c> and <c>?</c> within one name.</param>
    public static IReadOnlyList<TemplateFile> Find(string stackDirectory, string globs = DefaultGlobs)
    {
        var root = Path.GetFullPath(stackDirectory);
        if (!Directory.Exists(root))
        {
            throw new BuildInputException($"stack directory {root} does not exist");
        }

        var patterns = globs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(glob => (Glob: glob, Regex: ToRegex(glob)))
            .ToList();
        if (patterns.Count == 0)
        {
            throw new BuildInputException($"template globs '{globs}' contain no pattern; use e.g. '{DefaultGlobs}'");
        }

        var templates = new List<TemplateFile>();
        foreach (var file in Walk(root))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            var match = patterns.FirstOrDefault(p => p.Regex.IsMatch(relative));
            if (match.Glob is null)
            {
                continue;
            }

            if (!relative.EndsWith(Suffix, StringComparison.Ordinal) || relative.EndsWith('/' + Suffix, StringComparison.Ordinal))
            {
                throw new BuildInputException(
                    $"template glob '{match.Glob}' matches {relative}, which has no name before '{Suffix}' to render to; narrow the glob to '*{Suffix}' files");
            }

            templates.Add(new TemplateFile(file, file[..^Suffix.Length], relative));
        }

        return templates.OrderBy(t => t.RelativePath, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Walk(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            var info = new DirectoryInfo(child);
            var nestedRepository = Path.Exists(Path.Combine(child, ".git"));
            if (info.Name == ".git" || nestedRepository || info.LinkTarget is not null)
            {
                continue;
            }

            foreach (var file in Walk(child))
            {
                yield return file;
            }
        }
    }

    private static Regex ToRegex(string glob)
    {
        if (Path.IsPathRooted(glob) || glob.Split('/').Contains(".."))
        {
            throw new BuildInputException($"template glob '{glob}' must stay inside the stack directory (no leading '/', no '..')");
        }

        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var followedBySlash = i + 2 < glob.Length && glob[i + 2] == '/';
                pattern.Append(followedBySlash ? "(?:.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            }
            else
            {
                pattern.Append(glob[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(glob[i].ToString()),
                });
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
