using System.Reflection;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Targets;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tests.Plumbing.Remote;

/// <summary>What each task declares it does to the host: the deploy lock is decided from these declarations.</summary>
public sealed class HostUseTests
{
    private static readonly List<Type> TaskClasses = typeof(BuildContext).Assembly.GetExportedTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IFrostingTask).IsAssignableFrom(type))
        .ToList();

    [Fact]
    public void Every_task_declares_exactly_once_what_it_does_to_the_host()
    {
        var undeclared = TaskClasses.Where(type => type.GetCustomAttributes<HostUseAttribute>(inherit: false).Count() != 1).Select(type => type.Name);

        Assert.Empty(undeclared);
        Assert.True(TaskClasses.Count > 50, $"only {TaskClasses.Count} task classes found");
    }

    [Theory]
    [InlineData(typeof(UploadRelease))]
    [InlineData(typeof(BuildImages))]
    [InlineData(typeof(Up))]
    [InlineData(typeof(SwitchRelease))]
    [InlineData(typeof(WaitHealthy))]
    [InlineData(typeof(Deploy))]
    [InlineData(typeof(Tasks.Host.PrepareHost))]
    [InlineData(typeof(Tasks.Backup.InstallBackup))]
    public void A_task_that_writes_to_the_host_declares_that_it_changes_it(Type task) =>
        Assert.IsType<ChangesHostAttribute>(task.GetCustomAttribute<HostUseAttribute>());

    [Theory]
    [InlineData(typeof(ShowStatus))]
    [InlineData(typeof(Tasks.Host.CheckDataMounts))]
    [InlineData(typeof(Tasks.Targets.Doctor))]
    public void A_task_that_only_reads_the_host_says_so(Type task) =>
        Assert.IsType<ReadsHostAttribute>(task.GetCustomAttribute<HostUseAttribute>());
}
