namespace PrivateCloud.Frosting;

/// <summary>The process exit codes of a build run.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A task, the setup or the teardown failed.</summary>
    public const int TaskFailed = 1;

    /// <summary>Bad command line arguments, an unknown target or invalid configuration.</summary>
    public const int BadInput = 2;
}
