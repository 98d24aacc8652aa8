namespace PrivateCloud.Tasks;

/// <summary>The groups <c>--description</c> lists the tasks in, in this order.</summary>
public static class TaskCategories
{
    public const string Deploy = "deploy";
    public const string Host = "host";
    public const string Mail = "mail";
    public const string Accounts = "accounts";
    public const string Backup = "backup";
    public const string Checks = "checks";
    public const string Development = "development";

    public static string[] All { get; } = [Deploy, Host, Mail, Accounts, Backup, Checks, Development];
}
