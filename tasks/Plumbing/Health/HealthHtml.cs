using System.Globalization;
using System.Net;
using System.Text;

namespace PrivateCloud.Tasks.Plumbing.Health;

/// <summary>
/// The report as one self-contained HTML page: styles inline, no script, no font, image or link to
/// fetch, so it reads the same from a CI artifact on a machine without network.
/// </summary>
public static class HealthHtml
{
    private const string Style = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #1d1d1f; }
        h1 { font-size: 1.5em; margin-bottom: .2em; }
        .when { color: #555; margin-top: 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .45em .6em; border-bottom: 1px solid #ddd; }
        td.state { font-weight: 600; white-space: nowrap; width: 9em; }
        tr.detail td { font-size: .92em; padding-left: 1.6em; border-bottom: 1px dotted #e4e4e4; }
        td.name { white-space: nowrap; }
        .ok { color: #11632a; } .warn { color: #8a5a00; } .fail { color: #b00020; } .not-configured { color: #555; }
        .badge { display: inline-block; padding: .1em .6em; border-radius: .3em; color: #fff; }
        .badge.ok { background: #11632a; } .badge.warn { background: #8a5a00; } .badge.fail { background: #b00020; } .badge.not-configured { background: #555; }
        """;

    public static string Write(HealthReport report, string title)
    {
        var worst = HealthReport.Word(report.Worst);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append(" — ").Append(worst).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(title)).Append(" <span class=\"badge ").Append(CssClass(report.Worst)).Append("\">")
            .Append(worst).Append("</span></h1>\n")
            .Append("<p class=\"when\">Checked ").Append(report.CheckedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
            .Append(", exit code ").Append(HealthReport.ExitCodeOf(report.Worst).ToString(CultureInfo.InvariantCulture)).Append(".</p>\n")
            .Append("<table>\n<thead><tr><th>state</th><th>check</th><th>what matters</th></tr></thead>\n<tbody>\n");
        foreach (var result in report.Results)
        {
            Row(html, result, detail: false);
            foreach (var detail in result.Details)
            {
                Row(html, detail, detail: true);
            }
        }

        html.Append("</tbody>\n</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Row(StringBuilder html, CheckResult result, bool detail)
    {
        html.Append(detail ? "<tr class=\"detail\">" : "<tr>")
            .Append("<td class=\"state ").Append(CssClass(result.State)).Append("\">").Append(HealthReport.Word(result.State)).Append("</td>")
            .Append("<td class=\"name\">").Append(Encode(result.Name)).Append("</td>")
            .Append("<td>").Append(Encode(result.Line)).Append("</td></tr>\n");
    }

    private static string CssClass(CheckState state) => HealthReport.Word(state).Replace(' ', '-');

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
