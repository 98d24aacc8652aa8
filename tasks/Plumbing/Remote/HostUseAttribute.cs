namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// What a task does to the host, declared on its class once (<see cref="ChangesHostAttribute"/>,
/// <see cref="ReadsHostAttribute"/> or <see cref="ThisMachineOnlyAttribute"/>). A run takes the
/// deploy lock when any task it executes changes the host, whichever targets brought it in.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class HostUseAttribute : Attribute;
