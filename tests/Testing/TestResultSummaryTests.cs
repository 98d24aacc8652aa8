using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Testing;

/// <summary>The closing line CI reads counts every test that did not run, whichever way the TRX says so.</summary>
public sealed class TestResultSummaryTests : IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Tests_that_did_not_run_count_as_skipped_when_only_executed_falls_short_of_total()
    {
        // As xunit v3 writes it: two skipped tests lower "executed", and "notExecuted" stays 0.
        var trx = Trx("""<Counters total="5" executed="3" passed="3" failed="0" error="0" timeout="0" aborted="0" notExecuted="0" />""");

        Assert.Equal("3 passed, 0 failed, 2 skipped", TestResultSummary.FromTrxFiles([trx]).ToString());
    }

    [Fact]
    public void Tests_counted_as_not_executed_count_as_skipped()
    {
        var trx = Trx("""<Counters total="4" executed="4" passed="3" failed="0" notExecuted="1" />""");

        Assert.Equal("3 passed, 0 failed, 1 skipped", TestResultSummary.FromTrxFiles([trx]).ToString());
    }

    [Fact]
    public void A_run_where_every_test_ran_has_nothing_skipped_and_files_add_up()
    {
        var first = Trx("""<Counters total="3" executed="3" passed="2" failed="1" notExecuted="0" />""");
        var second = Trx("""<Counters total="4" executed="4" passed="2" failed="0" error="1" timeout="1" notExecuted="0" />""");

        Assert.Equal("4 passed, 3 failed, 0 skipped", TestResultSummary.FromTrxFiles([first, second]).ToString());
    }

    [Fact]
    public void A_writer_without_total_and_executed_is_read_by_its_not_executed_counter()
    {
        var trx = Trx("""<Counters passed="2" notExecuted="1" />""");

        Assert.Equal("2 passed, 0 failed, 1 skipped", TestResultSummary.FromTrxFiles([trx]).ToString());
    }

    private string Trx(string counters)
    {
        var path = Path.Combine(_work.Path, $"{Guid.NewGuid():N}.trx");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="Completed">
                {counters}
              </ResultSummary>
            </TestRun>
            """);
        return path;
    }
}
