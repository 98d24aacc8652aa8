using System.Text;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>
/// Finds the values an output file on disk holds where its template puts a secret: after a password
/// change the old password sits on a diff's '-' lines, and only the new one is known to the redactor.
/// </summary>
public static class PreviousSecrets
{
    private const char Marker = '\u0001';

    public static IReadOnlyList<string> Find(
        string template, string path, IReadOnlyDictionary<string, string> variables, SecretRedactor redactor, string oldOutput)
    {
        var rendered = Marked(template, path, variables, redactor);
        if (!rendered.Contains(Marker, StringComparison.Ordinal))
        {
            return [];
        }

        // The whole file first (a multi-line secret), then line by line where other lines changed too.
        var whole = Pattern(rendered).Match(oldOutput);
        if (whole.Success)
        {
            return Captured(whole);
        }

        var oldLines = oldOutput.Split('\n');
        return rendered.Split('\n')
            .Where(line => line.Contains(Marker, StringComparison.Ordinal))
            .SelectMany(line => oldLines.Select(old => Pattern(line).Match(old)).Where(m => m.Success).SelectMany(Captured))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The old output as a dry-run diff may show it. When a template line that puts a secret matches
    /// no old line (the same change also edited the text around the secret, as password: became
    /// pass:), the old secret cannot be told apart from that text: then every old line the new
    /// output does not hold is shown as the mask. The lines both hold are the diff's context and
    /// show only what the new output shows too.
    /// </summary>
    public static string Shown(
        string template, string path, IReadOnlyDictionary<string, string> variables, SecretRedactor redactor, string oldOutput, string newOutput)
    {
        var rendered = Marked(template, path, variables, redactor);
        var oldLines = oldOutput.Split('\n');
        var unmatched = rendered.Split('\n')
            .Where(line => line.Contains(Marker, StringComparison.Ordinal))
            .Any(line => !oldLines.Any(old => Pattern(line).IsMatch(old)));
        if (!unmatched || Pattern(rendered).IsMatch(oldOutput))
        {
            return oldOutput;
        }

        var kept = newOutput.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', oldLines.Select(line => kept.Contains(line) ? line : SecretRedactor.Mask));
    }

    /// <summary>The template rendered with a marker in place of every secret value: it shows what surrounds each one.</summary>
    private static string Marked(string template, string path, IReadOnlyDictionary<string, string> variables, SecretRedactor redactor)
    {
        var secrets = redactor.Secrets.ToHashSet(StringComparer.Ordinal);
        var marked = variables.ToDictionary(
            v => v.Key, v => secrets.Contains(v.Value) ? $"{Marker}{v.Key}{Marker}" : v.Value, StringComparer.Ordinal);
        return TemplateRenderer.Render(template, path, marked, allowUndefined: true).Output;
    }

    private static List<string> Captured(Match match) =>
        match.Groups.Cast<Group>().Skip(1).Where(g => g.Success && g.Length > 0).Select(g => g.Value).ToList();

    private static Regex Pattern(string rendered)
    {
        var pattern = new StringBuilder("^");
        var parts = rendered.Split(Marker);
        for (var i = 0; i < parts.Length; i++)
        {
            // Odd parts are the marked variable names, even ones the text between them.
            pattern.Append(i % 2 == 0 ? Regex.Escape(parts[i]) : "(.*?)");
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
    }
}
