using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Git;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Testing;
using PrivateCloud.Tasks.Accounts;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>Every setting of the run, typed; built once by <see cref="BuildSettingsLoader"/> in the lifetime Setup.</summary>
public sealed record BuildSettings
{
    public required string StackDirectory { get; init; }

    public required string EnvFile { get; init; }

    /// <summary>No .env exists yet, so the stack's .env.dist stood in for it.</summary>
    public bool EnvFileIsFallback { get; init; }

    public required StackVariables Variables { get; init; }

    public bool DryRun { get; init; }

    /// <summary>How to reach --host; null when none is given and compose runs against a local engine.</summary>
    public SshSettings? Ssh { get; init; }

    public required ConfigurationSettings Configuration { get; init; }

    public required ComposeSettings Compose { get; init; }

    public required DeploySettings Deploy { get; init; }

    public required GitSettings Git { get; init; }

    public required HostSettings Host { get; init; }

    public required TestSettings Test { get; init; }

    public required UsersSettings Users { get; init; }

    public required MailSettings Mail { get; init; }

    public required BackupSettings Backup { get; init; }


    public required CheckSettings Checks { get; init; }

    /// <summary>How reporting tasks print: lines in the log, or one JSON document on stdout.</summary>
    public OutputFormat Format { get; init; }

    /// <summary>Settings a Deploy needs that have no value, the stack variables still empty, and the secrets still holding .env.dist's example.</summary>
    public required DeployReadiness Readiness { get; init; }
}
