using System.Globalization;
using System.Text;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Plumbing.Health;

/// <summary>
/// Shows a report the way it was asked for: a line per check in the log (details of the checks that
/// are not ok below them), or the JSON document alone on stdout; the HTML page when a file is named.
/// Ends the run with the worst state's exit code.
/// </summary>
public sealed class HealthOutput(ICakeLog log, TextWriter stdout, OutputFormat format, string? reportFile)
{
    public void Show(HealthReport report, string title)
    {
        if (format == OutputFormat.Json)
        {
            stdout.WriteLine(HealthJson.Write(report));
            stdout.Flush();
        }
        else
        {
            foreach (var result in report.Results)
            {
                Line(result, indent: string.Empty);
                foreach (var detail in result.Details.Where(d => d.State != CheckState.Ok))
                {
                    Line(detail, indent: "    ");
                }
            }
        }

        if (reportFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(reportFile)!);
            var page = Encoding.UTF8.GetBytes(HealthHtml.Write(report, title));
            if (OperatingSystem.IsWindows())
            {
                File.WriteAllBytes(reportFile, page);
            }
            else
            {
                AtomicFile.Write(reportFile, page, Readable);
            }

            log.Information("Report written to {0}.", reportFile);
        }

        if (report.Worst != CheckState.Ok)
        {
            var counts = report.Results.GroupBy(r => r.State).OrderByDescending(g => g.Key)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {HealthReport.Word(g.Key)}"));
            throw new TaskExitCodeException(
                $"{title}: {HealthReport.Word(report.Worst)} ({string.Join(", ", counts)}).", HealthReport.ExitCodeOf(report.Worst));
        }

        log.Information("{0}: all {1} ok.", title, report.Results.Count);
    }

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private void Line(CheckResult result, string indent)
    {
        var text = $"{indent}{HealthReport.Word(result.State),-14} {result.Name}: {result.Line}";
        switch (result.State)
        {
            case CheckState.Fail: log.Error(text); break;
            case CheckState.Warn: log.Warning(text); break;
            default: log.Information(text); break;
        }
    }
}
