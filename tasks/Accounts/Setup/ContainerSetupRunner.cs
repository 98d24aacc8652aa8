using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Accounts.Setup;

/// <summary>
/// Runs <see cref="ContainerSetup"/>s in the deployed stack: checks first, creates only what is
/// missing, and in a dry run runs the checks alone. A setup whose output is a one-time bearer secret
/// runs only where <paramref name="secrets"/> can show it, so no such secret is made for no one.
/// </summary>
public sealed class ContainerSetupRunner(Lazy<IComposeStack> stack, bool dryRun, Action<string> log, OneTimeSecretConsole secrets)
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

        if (setup.ShownOnce is { } unseen && secrets.Console is null)
        {
            // Said without "missing": a Passbolt before 5.7 cannot list its users, so the check cannot tell.
            log($"{setup.What}: not created in this run: {unseen.What} is a bearer token shown only once, and {secrets.WhyNot}. " +
                $"To create it and see {unseen.What}, {unseen.HowToSee}.");
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

        if (setup.ShownOnce is { } shown && secrets.Console is { } console)
        {
            foreach (var line in Lines(applied.StandardOutput))
            {
                console.WriteLine(line);
            }

            console.Flush();
            log($"{setup.What}: created. {Capitalized(shown.What)}, above, is shown this once, on the console only: it is in no log. " +
                "Whoever holds it can finish the registration, so open it now and share it with no one.");
            return;
        }

        log($"{setup.What}: created.");
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

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
