namespace PrivateCloud.Tasks.Configuration.EnvFiles;

/// <summary>The dashboard login NewEnv generated: the file keeps only its hash, so the password is shown to the user once.</summary>
public sealed record DashboardLogin(string User, string Password)
{
    // Formatted or logged by mistake, it must not show the password.
    public override string ToString() => $"{User} (password not shown)";
}
