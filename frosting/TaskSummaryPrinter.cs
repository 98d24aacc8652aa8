using Cake.Core;
using Cake.Core.Diagnostics;

namespace PrivateCloud.Frosting;

/// <summary>
/// Prints the task summary table from normal verbosity up. At minimal and quiet a run shows only
/// what it did, which also spares it drawing the table: about 50 ms of a no-change Deploy.
/// </summary>
public sealed class TaskSummaryPrinter(ICakeReportPrinter table, ICakeLog log) : ICakeReportPrinter
{
    public void Write(CakeReport report)
    {
        if (log.Verbosity >= Verbosity.Normal)
        {
            table.Write(report);
        }
    }

    public void WriteLifeCycleStep(string name, Verbosity verbosity) => table.WriteLifeCycleStep(name, verbosity);

    public void WriteSkippedStep(string name, Verbosity verbosity) => table.WriteSkippedStep(name, verbosity);

    public void WriteStep(string name, Verbosity verbosity) => table.WriteStep(name, verbosity);
}
