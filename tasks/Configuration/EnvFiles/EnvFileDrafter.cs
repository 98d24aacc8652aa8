using System.Runtime.Versioning;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Credentials;
using PrivateCloud.Tasks.Plumbing.DotEnv;

namespace PrivateCloud.Tasks.Configuration.EnvFiles;

/// <summary>
/// Drafts the stack's .env from its .env.dist: every secret a fresh random value, STATUS_CREDENTIALS
/// the hash of a fresh password, example domains and addresses empty for the user, every other value
/// as .env.dist has it. Reads files, writes none: NewEnv writes the draft, or only lists it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class EnvFileDrafter(Func<string> newSecret)
{
    public const string AddedHeader = "# Added by NewEnv --add-missing from .env.dist, which says what each one is for.";

    /// <summary>A whole .env: .env.dist's text, comments and order kept, each value replaced as its kind says.</summary>
    public EnvFileDraft FromTemplate(string templatePath, string statusUser)
    {
        var lines = File.ReadAllText(templatePath).Split('\n');
        var written = new List<WrittenVariable>();
        DashboardLogin? dashboard = null;
        foreach (var entry in DotEnvFile.Load(templatePath, _ => null).Entries)
        {
            var kind = ExampleValues.Classify(entry.Key, entry.Value);
            written.Add(new WrittenVariable(entry.Key, kind));
            if (kind != ExampleValueKind.Kept)
            {
                var assignment = Assignment(entry, kind, TemplateLine(lines, entry, templatePath), statusUser, templatePath, ref dashboard);
                lines[entry.Line - 1] = lines[entry.Line - 1].EndsWith('\r') ? assignment + '\r' : assignment;
            }
        }

        return new EnvFileDraft(string.Join('\n', lines), written, dashboard);
    }

    /// <summary>
    /// The existing .env with the variables .env.dist has and it lacks appended, made as in
    /// <see cref="FromTemplate"/>; every existing byte stays as it is. No variable: nothing to add.
    /// </summary>
    public EnvFileDraft AddMissing(string templatePath, string envPath, string statusUser)
    {
        var text = File.ReadAllText(envPath);
        var existing = DotEnvFile.Load(envPath, _ => null);
        var templateLines = File.ReadAllText(templatePath).Split('\n');
        var written = new List<WrittenVariable>();
        var added = new List<string>();
        DashboardLogin? dashboard = null;
        foreach (var entry in DotEnvFile.Load(templatePath, _ => null).Entries.Where(entry => existing.Find(entry.Key) is null))
        {
            var kind = ExampleValues.Classify(entry.Key, entry.Value);
            written.Add(new WrittenVariable(entry.Key, kind));
            added.Add(Assignment(entry, kind, TemplateLine(templateLines, entry, templatePath), statusUser, envPath, ref dashboard));
        }

        if (added.Count == 0)
        {
            return new EnvFileDraft(text, [], null);
        }

        var separator = text.Length == 0 || text.EndsWith('\n') ? string.Empty : "\n";
        return new EnvFileDraft($"{text}{separator}\n{AddedHeader}\n{string.Join('\n', added)}\n", written, dashboard);
    }

    /// <summary>The assignment's line in .env.dist; one line, so that replacing it leaves no stray continuation behind.</summary>
    private static string TemplateLine(string[] lines, DotEnvEntry entry, string templatePath)
    {
        var line = lines[entry.Line - 1].TrimEnd('\r');
        var statement = line.TrimStart();
        if (entry.Value.Contains('\n', StringComparison.Ordinal) ||
            !(statement.StartsWith($"{entry.Key}=", StringComparison.Ordinal) || statement.StartsWith($"export {entry.Key}=", StringComparison.Ordinal)))
        {
            throw new BuildInputException($"{templatePath}:{entry.Line}: {entry.Key} is not a one-line assignment there; write it as {entry.Key}=<example> on one line.");
        }

        return line;
    }

    private string Assignment(DotEnvEntry entry, ExampleValueKind kind, string templateLine, string statusUser, string path, ref DashboardLogin? dashboard)
    {
        switch (kind)
        {
            case ExampleValueKind.Generated:
                return DotEnvAssignment.Line(entry.Key, newSecret(), path);
            case ExampleValueKind.Hashed:
                dashboard = new DashboardLogin(statusUser, newSecret());
                return DotEnvAssignment.Line(entry.Key, HtpasswdCredential.Create(dashboard.User, dashboard.Password).ToString(), path);
            case ExampleValueKind.LeftForUser:
                return DotEnvAssignment.Line(entry.Key, string.Empty, path);
            default:
                // Kept as .env.dist writes it, quotes and all.
                return templateLine;
        }
    }
}
