using System.Runtime.Versioning;
using System.Text;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>
/// Renders every template of a stack and writes the outputs beside them. All templates are
/// rendered in memory first: if any fails, nothing is written, so a stack never ends up with
/// half of its configuration from the new values and half from the old ones.
/// </summary>
// Deploys to Debian hosts only; file modes are part of what this class guarantees.
[UnsupportedOSPlatform("windows")]
public sealed class ConfigurationWriter(SecretRedactor redactor)
{
    private const UnixFileMode PermissionBits = (UnixFileMode)0b111_111_111;
    private const UnixFileMode SharedWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // Templates are read and written as bytes-preserving UTF-8, like cat: a BOM stays a BOM.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="dryRun">Write nothing; report what would change with a redacted unified diff per file.</param>
    public ConfigurationReport Apply(
        IReadOnlyList<TemplateFile> templates,
        IReadOnlyDictionary<string, string> variables,
        bool allowUndefined,
        bool dryRun)
    {
        var results = templates
            .Select(t => (Template: t, Result: TemplateRenderer.Render(Utf8.GetString(File.ReadAllBytes(t.TemplatePath)), t.RelativePath, variables, allowUndefined)))
            .ToList();
        var errors = results.SelectMany(r => r.Result.Errors).Select(Redact).ToList();
        var warnings = results.SelectMany(r => r.Result.Warnings).Select(Redact).ToList();
        if (errors.Count > 0)
        {
            return new ConfigurationReport([], errors, warnings, dryRun);
        }

        var files = results.Select(r => Update(r.Template, r.Result.Output, dryRun, variables)).ToList();
        return new ConfigurationReport(files, [], warnings, dryRun);
    }

    private RenderedFile Update(TemplateFile template, string output, bool dryRun, IReadOnlyDictionary<string, string> variables)
    {
        var content = Utf8.GetBytes(output);
        var containsSecret = redactor.ContainsSecret(output);
        var mode = containsSecret ? SecretMode : File.GetUnixFileMode(template.TemplatePath) & PermissionBits & ~SharedWrite;
        var relativePath = template.RelativePath[..^TemplateSet.Suffix.Length];

        var current = File.Exists(template.OutputPath) ? File.ReadAllBytes(template.OutputPath) : null;
        var change = current switch
        {
            null => FileChangeKind.Created,
            _ when !current.AsSpan().SequenceEqual(content) => FileChangeKind.Updated,
            _ when File.GetUnixFileMode(template.OutputPath) != mode => FileChangeKind.ModeChanged,
            _ => FileChangeKind.Unchanged,
        };

        string? diff = null;
        if (dryRun)
        {
            if (change is FileChangeKind.Created or FileChangeKind.Updated)
            {
                var oldText = current is null ? null : Utf8.GetString(current);
                if (oldText is not null)
                {
                    var templateText = Utf8.GetString(File.ReadAllBytes(template.TemplatePath));
                    foreach (var old in PreviousSecrets.Find(templateText, template.RelativePath, variables, redactor, oldText))
                    {
                        if (SecretRedactor.Unmaskable(old) is null)
                        {
                            redactor.Add(old);
                        }
                    }

                    oldText = PreviousSecrets.Shown(templateText, template.RelativePath, variables, redactor, oldText, output);
                }

                diff = redactor.Redact(UnifiedDiff.Create(oldText, output, relativePath));
            }
        }
        else if (change == FileChangeKind.ModeChanged)
        {
            // Content is right: fix the bits in place so the modification time stays.
            File.SetUnixFileMode(template.OutputPath, mode);
        }
        else if (change != FileChangeKind.Unchanged)
        {
            AtomicFile.Write(template.OutputPath, content, mode);
        }

        return new RenderedFile(relativePath, change, mode, containsSecret, diff);
    }

    private TemplateDiagnostic Redact(TemplateDiagnostic diagnostic) =>
        diagnostic with { Message = redactor.Redact(diagnostic.Message) };
}
