using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Accounts.Setup;

/// <summary>
/// One thing an application must have before its first use (an admin account, an instance, its
/// tables), made by a command in the application's container: <see cref="Check"/> reads whether it
/// exists and <see cref="IsDone"/> reads its answer (null: the check itself failed); only when it is
/// missing does <see cref="Apply"/> run.
/// </summary>
public sealed record ContainerSetup(string What, ServiceExec Check, Func<CommandResult, bool?> IsDone, ServiceExec Apply)
{
    /// <summary>
    /// The apply command's output is a bearer secret the user needs once: it goes to the console only,
    /// never to the log, and the thing is made only in a run someone watches; null when its output is not needed.
    /// </summary>
    public OneTimeOutput? ShownOnce { get; init; }

    /// <summary>
    /// For an application that cannot always be asked first: whether a failed <see cref="Apply"/>
    /// failed only because the thing exists already.
    /// </summary>
    public Func<CommandResult, bool>? ExistedAlready { get; init; }
}
