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
                summary.Skipped + Count(counters, "notExecuted"));
        }

        return summary;
    }

    /// <summary>The plain closing line CI reads.</summary>
    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";

    private static int Count(XElement counters, string name) => (int?)counters.Attribute(name) ?? 0;
}
