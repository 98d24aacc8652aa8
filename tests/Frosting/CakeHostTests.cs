using Cake.Core;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tests.Frosting;

/// <summary>
/// Runs the host in-process with the small task graph below, which records what ran. The tasks
/// share a static journal, so the tests of this collection run one at a time.
/// </summary>
[Collection(nameof(CakeHostTests))]
[CollectionDefinition(nameof(CakeHostTests), DisableParallelization = true)]
public sealed class CakeHostTests
{
    internal static readonly List<string> Journal = [];

    /// <summary>The tasks the lifetime's TaskSetup saw, in order.</summary>
    internal static readonly List<string> TaskSetups = [];

    /// <summary>The plan the lifetime's Setup saw: its targets, then its tasks.</summary>
    internal static ExecutionPlan Plan = ExecutionPlan.None;

    private static int Run(params string[] args)
    {
        Journal.Clear();
        TaskSetups.Clear();
        Plan = ExecutionPlan.None;
        return new CakeHost()
            .UseContext<JournalContext>()
            .UseLifetime<JournalLifetime>()
            .AddAssembly(typeof(CakeHostTests).Assembly)
            .UseDefaultTarget(nameof(Last))
            .Run([.. args, "--verbosity=quiet"]);
    }

    [Fact]
    public void Dependencies_and_dependees_run_in_order_inside_setup_and_teardown()
    {
        var exitCode = Run();

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", nameof(First), nameof(Middle), nameof(Last), "teardown"], Journal);
    }

    [Fact]
    public void Exclusive_runs_only_the_target()
    {
        Run("--exclusive");

        Assert.Equal(["setup", nameof(Last), "teardown"], Journal);
    }

    [Fact]
    public void The_plan_holds_every_target_s_dependencies_in_order_whichever_target_comes_first()
    {
        Assert.Equal(0, Run("--target=First,Last"));

        Assert.Equal([typeof(First), typeof(Last)], Plan.Targets);
        Assert.Equal([typeof(First), typeof(Middle), typeof(Last)], Plan.Tasks);
        Assert.Equal(typeof(Middle), Plan.TaskNamed("middle"));
    }

    [Fact]
    public void With_several_targets_each_target_s_dependencies_run_in_the_order_it_declares_them()
    {
        Assert.Equal(0, Run("--target=Last,InDeclaredOrder"));

        // Not alphabetical: Zulu, which UploadRelease stands for in Deploy, before Alpha, as BuildImages.
        Assert.Equal(["setup", nameof(First), nameof(Middle), nameof(Last), nameof(Zulu), nameof(Alpha), nameof(InDeclaredOrder), "teardown"], Journal);
        Assert.Equal([typeof(First), typeof(Middle), typeof(Last), typeof(Zulu), typeof(Alpha), typeof(InDeclaredOrder)], Plan.Tasks);
        Assert.Equal("Last+InDeclaredOrder", Plan.Name);
    }

    [Fact]
    public void The_plan_of_an_exclusive_run_holds_only_its_targets_as_it_runs_only_them()
    {
        Assert.Equal(0, Run("--target=Last,First", "--exclusive"));

        Assert.Equal([typeof(Last), typeof(First)], Plan.Targets);
        Assert.Equal([typeof(First), typeof(Last)], Plan.Tasks);
        Assert.Equal(["setup", nameof(First), nameof(Last), "teardown"], Journal);
    }

    [Fact]
    public void A_task_whose_ShouldRun_is_false_is_skipped()
    {
        Run("--target=Skipped");

        Assert.DoesNotContain(nameof(Skipped), Journal);
    }

    [Fact]
    public void A_failing_task_exits_1_after_its_Finally_and_teardown()
    {
        var exitCode = Run("--target=Failing");

        Assert.Equal(ExitCodes.TaskFailed, exitCode);
        Assert.Equal(["setup", "Failing", "Failing finally", "teardown"], Journal);
    }

    [Fact]
    public void A_task_that_overrides_OnError_handles_its_own_error()
    {
        var exitCode = Run("--target=Recovering");

        Assert.Equal(0, exitCode);
        Assert.Contains("Recovering handled: broken on purpose", Journal);
    }

    [Fact]
    public void Bad_input_thrown_by_a_task_exits_2()
    {
        Assert.Equal(ExitCodes.BadInput, Run("--target=Rejecting"));
    }

    [Fact]
    public void A_task_with_a_skip_reason_is_skipped_and_its_dependents_still_run()
    {
        Assert.Equal(0, Run("--target=AfterIdle"));
        Assert.Equal(["setup", nameof(AfterIdle), "teardown"], Journal);
    }

    [Fact]
    public void A_target_with_a_skip_reason_succeeds_without_running_its_body()
    {
        Assert.Equal(0, Run("--target=Idle"));
        Assert.Equal(["setup", "teardown"], Journal);
    }

    [Fact]
    public void The_lifetime_s_task_setup_runs_before_each_task_a_skipped_one_too()
    {
        Assert.Equal(0, Run("--target=AfterIdle"));
        Assert.Equal([nameof(Idle), nameof(AfterIdle)], TaskSetups);
        Assert.Equal(0, Run());
        Assert.Equal([nameof(First), nameof(Middle), nameof(Last)], TaskSetups);
    }

    [Fact]
    public void A_failing_task_setup_fails_its_task_before_the_body_and_teardown_still_runs()
    {
        Assert.Equal(ExitCodes.TaskFailed, Run("--target=Guarded"));
        Assert.Equal(["setup", "teardown"], Journal);
    }

    [Fact]
    public void A_former_task_name_runs_the_task_it_became()
    {
        Assert.Equal(0, Run("--target=earliest"));
        Assert.Equal(["setup", nameof(First), "teardown"], Journal);
    }

    [Fact]
    public void Tree_and_description_run_no_task_and_no_setup()
    {
        Assert.Equal(0, Run("--tree"));
        Assert.Empty(Journal);
        Assert.Equal(0, Run("--description"));
        Assert.Empty(Journal);
    }
}

public sealed class JournalContext(ICakeContext context) : FrostingContext(context);

public sealed class JournalLifetime : FrostingLifetime<JournalContext>
{
    public override void Setup(JournalContext context, ISetupContext info)
    {
        CakeHostTests.Journal.Add("setup");
        CakeHostTests.Plan = context.Plan;
    }

    public override void TaskSetup(JournalContext context, ITaskSetupContext info)
    {
        CakeHostTests.TaskSetups.Add(info.Task.Name);
        if (info.Task.Name == nameof(Guarded))
        {
            throw new InvalidOperationException("refused before the task");
        }
    }

    public override void Teardown(JournalContext context, ITeardownContext info) => CakeHostTests.Journal.Add("teardown");
}

[TaskName(nameof(First))]
[TaskAlias("Earliest")]
public sealed class First : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(First));
}

[TaskName(nameof(Middle))]
[IsDependeeOf(typeof(Last))]
[IsDependentOn(typeof(First))]
public sealed class Middle : AsyncFrostingTask<JournalContext>
{
    public override async Task RunAsync(JournalContext context)
    {
        await Task.Yield();
        CakeHostTests.Journal.Add(nameof(Middle));
    }
}

[TaskName(nameof(Last))]
public sealed class Last : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(Last));
}

[TaskName(nameof(Zulu))]
public sealed class Zulu : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(Zulu));
}

[TaskName(nameof(Alpha))]
public sealed class Alpha : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(Alpha));
}

[TaskName(nameof(InDeclaredOrder))]
[IsDependentOn(typeof(Zulu))]
[IsDependentOn(typeof(Alpha))]
public sealed class InDeclaredOrder : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(InDeclaredOrder));
}

[TaskName(nameof(Skipped))]
public sealed class Skipped : FrostingTask<JournalContext>
{
    public override bool ShouldRun(JournalContext context) => false;

    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(Skipped));
}

[TaskName(nameof(Idle))]
public sealed class Idle : FrostingTask<JournalContext>
{
    public override string? SkipReason(JournalContext context) => "nothing to do in this run";

    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(Idle));
}

[TaskName(nameof(AfterIdle))]
[IsDependentOn(typeof(Idle))]
public sealed class AfterIdle : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(AfterIdle));
}

[TaskName(nameof(Failing))]
public sealed class Failing : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context)
    {
        CakeHostTests.Journal.Add(nameof(Failing));
        throw new InvalidOperationException("broken on purpose");
    }

    public override void Finally(JournalContext context) => CakeHostTests.Journal.Add("Failing finally");
}

[TaskName(nameof(Recovering))]
public sealed class Recovering : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => throw new InvalidOperationException("broken on purpose");

    public override void OnError(Exception exception, JournalContext context) =>
        CakeHostTests.Journal.Add($"{nameof(Recovering)} handled: {exception.Message}");
}

[TaskName(nameof(Rejecting))]
public sealed class Rejecting : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => throw new BuildInputException("no such thing");
}

[TaskName(nameof(Guarded))]
public sealed class Guarded : FrostingTask<JournalContext>
{
    public override void Run(JournalContext context) => CakeHostTests.Journal.Add(nameof(Guarded));
}
