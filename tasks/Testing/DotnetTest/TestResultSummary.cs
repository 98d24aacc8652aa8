using System.Xml.Linq;

namespace PrivateCloud.Tasks.Testing.DotnetTest;

/// <summary>The counts of a test run, read from the TRX files dotnet test writes.</summary>
public sealed record TestResultSummary(int Passed, int Failed, int Skipped)
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static TestResultSummary FromTrxFiles(IEnumerable<string> paths)
    {
        var summary = new TestResultSummary(0, 0, 0);
        foreach (var path in paths)
        {
            var counters = XDocument.Load(path).Descendants(Trx + "Counters").Single();
            summary = new TestResultSummary(
                summary.Passed + Count(counters, "passed"),
                summary.Failed + Count(counters, "failed") + Count(counters, "error") + Count(counters, "timeout") + Count(counters, "aborted"),
                summary.Skipped + NotRun(counters));
        }

        return summary;
    }

    /// <summary>The plain closing line CI reads.</summary>
    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";

    /// <summary>
    /// Every test that did not run. xunit v3's TRX leaves <c>notExecuted</c> at 0 for skipped tests and
    /// only lowers <c>executed</c> below <c>total</c>, so the difference counts them; the counter is
    /// still read for writers that do set it.
    /// </summary>
    private static int NotRun(XElement counters)
    {
        var unexecuted = counters.Attribute("total") is not null && counters.Attribute("executed") is not null
            ? Count(counters, "total") - Count(counters, "executed")
            : 0;
        return Math.Max(Count(counters, "notExecuted"), unexecuted);
    }

    private static int Count(XElement counters, string name) => (int?)counters.Attribute(name) ?? 0;
}
