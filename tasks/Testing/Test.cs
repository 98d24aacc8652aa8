using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Test;
using Cake.Core;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Testing;

[TaskName(nameof(Test))]
[TaskCategory(TaskCategories.Development)]
[TaskDescription("Runs every test of this project and ends with the line 'N passed, N failed, N skipped'.")]
[ThisMachineOnly]
public sealed class Test(IConsole console) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var root = SourceRoot.Find();
        var results = Path.Combine(root, ".build", "test-results");
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        var settings = new DotNetTestSettings
        {
            Configuration = "Release",
            ResultsDirectory = results,
            Loggers = ["trx", "console;verbosity=normal"],
            Filter = context.Settings.Test.Filter,
        };

        CakeException? failure = null;
        try
        {
            context.DotNetTest(Path.Combine(root, "tests", "Tests.csproj"), settings);
        }
        catch (CakeException exception)
        {
            failure = exception;
        }

        var trxFiles = Directory.Exists(results) ? Directory.GetFiles(results, "*.trx", SearchOption.AllDirectories) : [];
        var summary = TestResultSummary.FromTrxFiles(trxFiles);
        // Plain, without the log's colour codes: CI reads this line as the run's verdict.
        console.WriteLine(summary.ToString());

        if (failure is not null || summary.Failed > 0)
        {
            throw new CakeException($"The tests failed: {summary}.", failure);
        }

        // CI must prove every test: a missing prerequisite fails its test there (tests/Infrastructure/Requires),
        // so a test that still did not run is a hole in that guard, not a pass.
        if (summary.Skipped > 0 && string.Equals(context.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new CakeException($"{summary.Skipped} tests did not run, and with CI=true every test must run: {summary}.");
        }

        if (summary.Passed == 0)
        {
            throw new CakeException("No test ran: check --test-filter.");
        }
    }
}
