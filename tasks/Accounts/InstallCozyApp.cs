using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts.Applications;

namespace PrivateCloud.Tasks.Accounts;

[TaskName(nameof(InstallCozyApp))]
[TaskCategory(TaskCategories.Accounts)]
[TaskDescription("Installs the Cozy app --app=<slug> on the instance of CLOUD_DOMAIN; skipped when it is installed.")]
[ChangesHost]
public sealed class InstallCozyApp : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var slug = context.Settings.Users.CozyApp
            ?? throw new BuildInputException($"InstallCozyApp needs {UsersSettings.AppSetting.Option}=<slug>, e.g. {UsersSettings.AppSetting.Option}=notes.");
        context.Services.Setups.Run(ApplicationSetups.CozyApp(RequiredVariables.Of(context.Settings, nameof(InstallCozyApp)), slug));
    }
}
