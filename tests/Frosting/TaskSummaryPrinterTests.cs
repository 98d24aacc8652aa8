using Cake.Core;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tests.Frosting;

public sealed class TaskSummaryPrinterTests
{
    [Theory]
    [InlineData(Verbosity.Quiet, false)]
    [InlineData(Verbosity.Minimal, false)]
    [InlineData(Verbosity.Normal, true)]
    [InlineData(Verbosity.Diagnostic, true)]
    public void The_task_table_is_drawn_from_normal_verbosity_up(Verbosity verbosity, bool drawn)
    {
        var table = new RecordingPrinter();
        var report = new CakeReport();
        report.Add("Deploy", CakeReportEntryCategory.Task, TimeSpan.FromMilliseconds(5));

        new TaskSummaryPrinter(table, new SilentLog { Verbosity = verbosity }).Write(report);

        Assert.Equal(drawn ? [report] : [], table.Written);
    }

    private sealed class SilentLog : ICakeLog
    {
        public Verbosity Verbosity { get; set; }

        public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
        {
        }
    }

    private sealed class RecordingPrinter : ICakeReportPrinter
    {
        public List<CakeReport> Written { get; } = [];

        public void Write(CakeReport report) => Written.Add(report);

        public void WriteLifeCycleStep(string name, Verbosity verbosity)
        {
        }

        public void WriteSkippedStep(string name, Verbosity verbosity)
        {
        }

        public void WriteStep(string name, Verbosity verbosity)
        {
        }
    }
}
