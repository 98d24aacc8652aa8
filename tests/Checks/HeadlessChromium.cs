using System.Diagnostics;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Checks;

/// <summary>Debian's Chromium without a display: renders a local page to a screenshot or a PDF, the way a person would see it.</summary>
internal static class HeadlessChromium
{
    public const string Program = "chromium";

    public static void Require() => Requires.That(Requires.Executable(Program) && Requires.Executable("pdftotext"), "chromium and pdftotext (poppler-utils) are needed to render the report");

    /// <summary>
    /// Runs Chromium on <paramref name="page"/> with <paramref name="output"/> (--screenshot=…, --print-to-pdf=…).
    /// Its own network is switched off, so the page renders only from what it holds.
    /// </summary>
    public static void Render(string page, string profile, params string[] output)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
            $"--user-data-dir={profile}", "--window-size=1100,700",
            // Every host name resolves nowhere: a page needing anything from the network shows it.
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://0.0.0.0:9",
            .. output,
            new Uri(page).AbsoluteUri,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "chromium did not finish within 2 minutes");
        Assert.True(process.ExitCode == 0, $"chromium failed: {stderr.Result}");
    }

    /// <summary>The text of a PDF as laid out on the page, by pdftotext.</summary>
    public static string PdfText(string pdf) => SshServerFixture.RunTool("pdftotext", "-layout", pdf, "-").GetAwaiter().GetResult();
}
