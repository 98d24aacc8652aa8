using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts.Applications;

namespace PrivateCloud.Tasks.Accounts;

[TaskName(nameof(InitPassboltAdmin))]
[TaskCategory(TaskCategories.Accounts)]
[TaskDescription("Creates Passbolt's first admin (EMAIL, PASSBOLT_USER) and shows its registration link once, on the console and in no log; not in a run with CI=true or --format=json, where no one would see the link; skipped when the user exists.")]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ChangesHost]
public sealed class InitPassboltAdmin : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.Bootstrap?.SkipReason(nameof(InitPassboltAdmin));

    public override void Run(BuildContext context) => context.Services.Setups.Run(ApplicationSetups.PassboltAdmin(RequiredVariables.Of(context.Settings, nameof(InitPassboltAdmin))));
}
