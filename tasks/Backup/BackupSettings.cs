using System.Globalization;
using System.Text.RegularExpressions;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

/// <summary>How the host's duplicity backup is made and checked, and where archives go.</summary>
public sealed partial record BackupSettings
{
    public static readonly Setting BackupTarget = new(
        "backup-target", "Where duplicity keeps the backups: any duplicity URL (s3://host/bucket, sftp://…, file:///…).")
    {
        ReadBy = [nameof(InstallBackup), nameof(BackupStatus), nameof(VerifyBackup), nameof(BackupFiles), nameof(RestoreTest), nameof(RestoreData), nameof(LoadDumps)],
    };

    public static readonly Setting BackupInclude = new(
        "backup-include", "Directories the backup holds, comma-separated; everything else is excluded.", "DATABASES_DIR,FILES_DIR")
    {
        ReadBy = [nameof(InstallBackup), nameof(BackupStatus), nameof(VerifyBackup), nameof(BackupFiles), nameof(RestoreTest), nameof(RestoreData), nameof(LoadDumps)],
    };

    public static readonly Setting BackupSchedule = new(
        "backup-schedule", "When InstallBackup's cron job runs, in cron's five fields.", "42 1 * * *")
    {
        ReadBy = [nameof(InstallBackup)],
    };

    public static readonly Setting FullIfOlderThanSetting = new(
        "full-if-older-than", "A full backup is made when the last one is older than this (duplicity time: 365D, 6M).", "365D")
    {
        ReadBy = [nameof(InstallBackup)],
    };

    public static readonly Setting Volsize = new("volsize", "Size of each backup volume in MB.", "1024")
    {
        ReadBy = [nameof(InstallBackup)],
    };

    public static readonly Setting BackupPassphrase = new(
        "backup-passphrase", "The GPG passphrase that encrypts the backups (secret: environment or .env only).")
    {
        ReadBy = [nameof(InstallBackup), nameof(BackupStatus), nameof(VerifyBackup), nameof(BackupFiles), nameof(RestoreTest), nameof(RestoreData), nameof(LoadDumps)],
        Secret = true,
    };

    public static readonly Setting BackupEncryptKey = new(
        "backup-encrypt-key", "A GPG key id in root's keyring on the host to encrypt the backups with, instead of a passphrase alone.")
    {
        ReadBy = [nameof(InstallBackup), nameof(BackupStatus), nameof(VerifyBackup), nameof(BackupFiles), nameof(RestoreTest), nameof(RestoreData), nameof(LoadDumps)],
    };

    public static readonly Setting NoEncryptionSetting = new(
        "no-encryption", "Back up without encryption; needed when no passphrase or key is given.", "false")
    {
        ReadBy = [nameof(InstallBackup), nameof(BackupStatus), nameof(VerifyBackup), nameof(BackupFiles), nameof(RestoreTest), nameof(RestoreData), nameof(LoadDumps)],
    };

    public static readonly Setting BackupLog = new("backup-log", "The host file the cron job appends duplicity's output to.", "/var/log/duplicity.log")
    {
        ReadBy = [nameof(InstallBackup)],
    };

    public static readonly Setting BackupName = new(
        "backup-name", "Names the cron file (/etc/cron.d/<name>) and its credentials file.", "backup_daily")
    {
        ReadBy = [nameof(InstallBackup)],
    };

    public static readonly Setting S3AccessKeySetting = new("s3-access-key", "The S3 access key id (secret: environment or .env only).")
    {
        ReadBy = [nameof(InstallBackup), nameof(BackupStatus), nameof(VerifyBackup), nameof(BackupFiles), nameof(RestoreTest), nameof(RestoreData), nameof(LoadDumps), nameof(ColdStorage)],
        Secret = true,
        EnvironmentVariable = "AWS_ACCESS_KEY_ID",
    };

    public static readonly Setting S3SecretKeySetting = new("s3-secret-key", "The S3 secret key (secret: environment or .env only).")
    {
        ReadBy = [nameof(InstallBackup), nameof(BackupStatus), nameof(VerifyBackup), nameof(BackupFiles), nameof(RestoreTest), nameof(RestoreData), nameof(LoadDumps), nameof(ColdStorage)],
        Secret = true,
        EnvironmentVariable = "AWS_SECRET_ACCESS_KEY",
    };

    public static readonly Setting S3UnencryptedSetting = new(
        "s3-unencrypted", "duplicity's S3 backend talks plain HTTP to --backup-target's host: only for a server on the host's own network.", "false")
    {
        ReadBy = [nameof(InstallBackup), nameof(BackupStatus), nameof(VerifyBackup), nameof(BackupFiles), nameof(RestoreTest), nameof(RestoreData), nameof(LoadDumps)],
    };

    public static readonly Setting MaxBackupAge = new(
        "max-backup-age", "BackupStatus fails when the newest backup is older than this (90m, 26h, 3d).", "26h")
    {
        ReadBy = [nameof(BackupStatus)],
    };

    public static readonly Setting MaxDifferencesSetting = new("max-differences", "VerifyBackup lists at most this many differences.", "50")
    {
        ReadBy = [nameof(VerifyBackup)],
    };

    public static readonly Setting PathSetting = new(
        "path", "The file or directory inside the backup that BackupFiles lists and RestoreTest restores, absolute or relative to the backup's source.")
    {
        ReadBy = [nameof(BackupFiles), nameof(RestoreTest)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } =
    [
        BackupTarget, BackupInclude, BackupSchedule, FullIfOlderThanSetting, Volsize, BackupPassphrase, BackupEncryptKey,
        NoEncryptionSetting, BackupLog, BackupName, S3AccessKeySetting, S3SecretKeySetting, S3UnencryptedSetting, MaxBackupAge, MaxDifferencesSetting,
        PathSetting, .. ArchiveSettings.Definitions, .. ColdStorageSettings.Definitions,
    ];

    /// <summary>null when --backup-target is not given: the backup is not configured.</summary>
    public string? Target { get; init; }

    public required IReadOnlyList<string> Includes { get; init; }

    public required string Schedule { get; init; }

    public required string FullIfOlderThan { get; init; }

    public required int VolsizeMb { get; init; }

    public string? Passphrase { get; init; }

    public string? EncryptKey { get; init; }

    public bool NoEncryption { get; init; }

    public required string LogFile { get; init; }

    public required string Name { get; init; }

    public string? S3AccessKey { get; init; }

    public string? S3SecretKey { get; init; }

    public bool S3Unencrypted { get; init; }

    public required TimeSpan MaxAge { get; init; }

    public required int MaxDifferences { get; init; }

    public string? Path { get; init; }

    public required ArchiveSettings Archive { get; init; }

    public required ColdStorageSettings ColdStorage { get; init; }

    public static BackupSettings Read(SettingSources sources, StackVariables variables)
    {
        var includes = sources.Find(BackupInclude) ?? (string.Join(',', DataDirectory.PathsOrDefaults(variables)), $"{BackupInclude.Option} (default: DATABASES_DIR and FILES_DIR)");
        return new BackupSettings
        {
            Target = Url(sources.Find(BackupTarget)),
            Includes = [.. includes.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(dir => SettingPaths.AbsoluteOnHost(dir, includes.Origin, BackupInclude))],
            Schedule = CronSchedule(sources),
            FullIfOlderThan = Word(sources, FullIfOlderThanSetting, DuplicityTime(), "a duplicity time like 365D, 6M or 2W"),
            VolsizeMb = sources.GetInt(Volsize, 1, 1024 * 1024),
            Passphrase = sources.Get(BackupPassphrase),
            EncryptKey = sources.Find(BackupEncryptKey) is { } key ? Word(key, BackupEncryptKey, GpgKeyId(), "a GPG key id or fingerprint in hexadecimal") : null,
            NoEncryption = sources.GetFlag(NoEncryptionSetting),
            LogFile = SettingPaths.AbsoluteOnHost(sources.Get(BackupLog)!, sources.Find(BackupLog)?.Origin ?? BackupLog.Option, BackupLog),
            Name = Word(sources, BackupName, CronName(), "letters, digits, '-' and '_' (cron ignores files with other names)"),
            S3AccessKey = sources.Get(S3AccessKeySetting),
            S3SecretKey = sources.Get(S3SecretKeySetting),
            S3Unencrypted = sources.GetFlag(S3UnencryptedSetting),
            MaxAge = Age(sources),
            MaxDifferences = sources.GetInt(MaxDifferencesSetting, 1, 100_000),
            Path = sources.Get(PathSetting),
            Archive = ArchiveSettings.Read(sources),
            ColdStorage = ColdStorageSettings.Read(sources),
        };
    }

    /// <summary>
    /// A warning when the target is an S3 URL and a key is missing: duplicity would only fail at
    /// night, in the cron job's log. Null when the target needs no keys or has both.
    /// </summary>
    public string? MissingS3Credentials()
    {
        if (Target is not { } target || !S3Schemes.Any(scheme => target.StartsWith(scheme, StringComparison.Ordinal)))
        {
            return null;
        }

        var missing = new[] { (S3AccessKey, S3AccessKeySetting), (S3SecretKey, S3SecretKeySetting) }
            .Where(key => string.IsNullOrEmpty(key.Item1)).Select(key => key.Item2.EnvironmentVariable).ToList();
        return missing.Count == 0
            ? null
            : $"{BackupTarget.Option} is an S3 URL, but {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not set " +
              "(environment or .env): duplicity cannot reach the bucket without them.";
    }

    /// <summary>duplicity's URL schemes that reach S3 with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.</summary>
    private static readonly string[] S3Schemes = ["s3://", "s3+http://", "boto3+s3://"];

    /// <summary>What duplicity needs to reach the backups, or one line naming the missing setting.</summary>
    public DuplicityOptions RequireDuplicity(string task)
    {
        var target = Target ?? throw new BuildInputException(
            $"{task} needs {BackupTarget.Option}, the duplicity URL of the backups, e.g. {BackupTarget.Option}=s3://s3.example.net/my-bucket (or {BackupTarget.EnvironmentVariable}).");
        if (!NoEncryption && string.IsNullOrEmpty(Passphrase) && EncryptKey is null)
        {
            throw new BuildInputException(
                $"{task}: the backups are encrypted with a GPG passphrase: set {BackupPassphrase.EnvironmentVariable} (environment or .env), " +
                $"give {BackupEncryptKey.Option}, or back up without encryption with {NoEncryptionSetting.Option}.");
        }

        return new DuplicityOptions(target, Includes, NoEncryption ? null : EncryptKey, NoEncryption)
        {
            FullIfOlderThan = FullIfOlderThan,
            VolsizeMb = VolsizeMb,
            S3Unencrypted = S3Unencrypted,
            Secrets = new DuplicitySecrets(NoEncryption ? null : Passphrase, S3AccessKey, S3SecretKey),
        };
    }

    public string RequirePath(string task) => Path ?? throw new BuildInputException(
        $"{task} needs {PathSetting.Option}: a file or directory inside the backup, e.g. {PathSetting.Option}=/mnt/files/mails (or {PathSetting.EnvironmentVariable}).");

    private static string? Url((string Value, string Origin)? given)
    {
        if (given is not { } url)
        {
            return null;
        }

        var scheme = url.Value.IndexOf("://", StringComparison.Ordinal);
        return scheme > 0 && url.Value.Trim() == url.Value && !url.Value.Any(char.IsControl)
            ? url.Value
            : throw new BuildInputException($"{url.Origin}: {BackupTarget.Option} takes a duplicity URL like s3://host/bucket or file:///srv/backups; '{url.Value}' is not one.");
    }

    private static string CronSchedule(SettingSources sources)
    {
        var found = sources.Find(BackupSchedule);
        var value = found?.Value ?? BackupSchedule.Default!;
        var fields = value.Split(' ', '\t').Where(f => f.Length > 0).ToList();
        return fields.Count == 5 && fields.All(f => CronField().IsMatch(f))
            ? string.Join(' ', fields)
            : throw new BuildInputException(
                $"{found?.Origin ?? BackupSchedule.Option}: {BackupSchedule.Option} takes cron's five fields (minute hour day month weekday), like '42 1 * * *'; '{value}' is not that.");
    }

    private static TimeSpan Age(SettingSources sources)
    {
        var found = sources.Find(MaxBackupAge);
        var value = found?.Value ?? MaxBackupAge.Default!;
        var match = AgeValue().Match(value);
        if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            return match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        throw new BuildInputException($"{found?.Origin ?? MaxBackupAge.Option}: {MaxBackupAge.Option} takes a positive number with m, h or d, like 26h; '{value}' is not that.");
    }

    private static string Word(SettingSources sources, Setting setting, Regex pattern, string expected) =>
        Word(sources.Find(setting) ?? (setting.Default!, $"{setting.Option} (default)"), setting, pattern, expected);

    private static string Word((string Value, string Origin) given, Setting setting, Regex pattern, string expected) =>
        pattern.IsMatch(given.Value)
            ? given.Value
            : throw new BuildInputException($"{given.Origin}: {setting.Option} takes {expected}; '{given.Value}' is not that.");

    [GeneratedRegex(@"^[0-9*/,-]+\z|^[A-Za-z]{3}\z")]
    private static partial Regex CronField();

    [GeneratedRegex(@"^([0-9]+)([mhd])\z")]
    private static partial Regex AgeValue();

    [GeneratedRegex(@"^[0-9]+[smhDWMY]\z")]
    private static partial Regex DuplicityTime();

    [GeneratedRegex(@"^(0x)?[0-9A-Fa-f]{8,40}\z")]
    private static partial Regex GpgKeyId();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\z")]
    private static partial Regex CronName();
}
