using PrivateCloud.Tasks.Deployment.Stacks;
using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Processes;

namespace PrivateCloud.Tasks.Users.Setup;

/// <summary>
/// Runs <see cref="ContainerSetup"/>s in the deployed stack: checks first, creates only what is
/// missing, and in a dry run runs the checks alone.
/// </summary>
public sealed class ContainerSetupRunner(Lazy<IComposeStack> stack, bool dryRun, Action<string> log)
{
    private const int FailureLines = 5;

    public void Run(ContainerSetup setup)
    {
        var check = stack.Value.Exec(setup.Check);
        var done = setup.IsDone(check)
            ?? throw Failure($"Checking for {setup.What}", setup.Check, check);
        if (done)
        {
            log($"{setup.What}: already present.");
            return;
        }

        if (dryRun)
        {
            log($"[dry-run] {setup.What} is missing: it would be created in service '{setup.Apply.Service}'.");
            return;
        }

        var applied = stack.Value.Exec(setup.Apply);
        if (!applied.Succeeded && setup.ExistedAlready?.Invoke(applied) == true)
        {
            log($"{setup.What}: already present.");
            return;
        }

        if (!applied.Succeeded)
        {
            throw Failure($"Creating {setup.What}", setup.Apply, applied);
        }

        if (setup.ShowOutput)
        {
            foreach (var line in Lines(applied.StandardOutput))
            {
                log(line);
            }
        }

        log($"{setup.What}: created.");
            }

    private CommandFailedException Failure(string attempted, ServiceExec exec, CommandResult result)
    {
        var output = Lines(result.StandardError).Concat(Lines(result.StandardOutput)).TakeLast(FailureLines);
        var detail = string.Join(" | ", output);
        return new CommandFailedException(
            $"{attempted} in service '{exec.Service}' on {stack.Value.Location} failed: `{exec.Command[0]}` exited with {result.ExitCode}"
            + (detail.Length > 0 ? $": {detail}" : "."));
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
