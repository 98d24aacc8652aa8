namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>The compose service a command should run in has no running container.</summary>
public sealed class ServiceNotRunningException(string service, string project, string location)
    : Exception($"Service '{service}' of compose project '{project}' is not running on {location}: start it (--target=Up or Deploy) and run again.");
