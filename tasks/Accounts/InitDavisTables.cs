using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Accounts.Applications;

namespace PrivateCloud.Tasks.Accounts;

[TaskName(nameof(InitDavisTables))]
[TaskCategory(TaskCategories.Accounts)]
[TaskDescription("Runs Davis's database migrations; skipped when its tables are up to date.")]
[ChangesHost]
public sealed class InitDavisTables : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.Bootstrap?.SkipReason(nameof(InitDavisTables));

    public override void Run(BuildContext context) => context.Services.Setups.Run(ApplicationSetups.DavisTables());
}
