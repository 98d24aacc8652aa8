using System.Text;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Secrets;

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
        // Rendered with a marker in place of every secret value, the template shows what surrounds each one.
        var secrets = redactor.Secrets.ToHashSet(StringComparer.Ordinal);
        var marked = variables.ToDictionary(
            v => v.Key, v => secrets.Contains(v.Value) ? $"{Marker}{v.Key}{Marker}" : v.Value, StringComparer.Ordinal);
        var rendered = TemplateRenderer.Render(template, path, marked, allowUndefined: true).Output;
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
