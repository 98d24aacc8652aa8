using PrivateCloud.Tasks.Plumbing.Packages;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>The backup services that work on the host through one remote shell, made once per run on first use.</summary>
public sealed class DuplicityServices(RemoteShell shell, PackageInstaller packages)
{
    private readonly DuplicityHost _host = new(shell);

    public BackupStatusCheck Status => field ??= new BackupStatusCheck(_host);

    public BackupVerifier Verifier => field ??= new BackupVerifier(_host);

    public BackupListing Listing => field ??= new BackupListing(_host);

    public RestoreTester Restore => field ??= new RestoreTester(_host);

    public DataRestorer DataRestorer => field ??= new DataRestorer(_host, Listing, Status);

    public BackupInstaller Installer => field ??= new BackupInstaller(shell, packages);
}
