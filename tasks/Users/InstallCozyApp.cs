using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Settings;
using PrivateCloud.Tasks.Users.Applications;

namespace PrivateCloud.Tasks.Users;

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
