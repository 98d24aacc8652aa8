using System.Reflection;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Stacks;

namespace PrivateCloud.Tests.Plumbing.Settings;

/// <summary>An area's settings name only its own tasks; a task of another area, or above them, declares what it reads.</summary>
public sealed class SettingReadersTests
{
    [Fact]
    public void A_setting_is_read_by_the_tasks_its_area_names_and_those_that_declare_it()
    {
        var readers = SettingReaders.Of(HostSettings.DiskWarn);

        Assert.Equal(["CheckDiskUsage", "Doctor"], readers);
    }

    [Fact]
    public void A_setting_only_other_areas_read_lists_them_in_order() =>
        Assert.Equal(["Deploy", "RestoreArchive", "RestoreData"], SettingReaders.Of(ForceFlag.Setting));

    [Fact]
    public void A_list_of_settings_declares_each_of_them()
    {
        Assert.All(StackSettings.Location, setting => Assert.Contains("RestoreData", SettingReaders.Of(setting)!));
        Assert.DoesNotContain("RestoreData", SettingReaders.Of(StackSettings.Registry)!);
    }

    [Fact]
    public void A_setting_every_task_reads_stays_read_by_every_task() =>
        Assert.Null(SettingReaders.Of(CoreSettings.Host));

    [Fact]
    public void Every_setting_a_task_declares_is_one_of_the_catalog()
    {
        var declared = typeof(DeploySettings).Assembly.GetExportedTypes()
            .Where(type => type.IsDefined(typeof(TaskNameAttribute), inherit: false))
            .SelectMany(task => task.GetCustomAttributes<ReadsSettingsAttribute>().SelectMany(reads => reads.Settings).Select(setting => (Task: task.Name, setting)))
            .ToList();

        Assert.NotEmpty(declared);
        var outside = declared.Where(read => !SettingCatalog.All.Contains(read.setting, ReferenceEqualityComparer.Instance)).Select(read => $"{read.Task} reads {read.setting.Option}, which no area lists");
        Assert.Empty(outside);
    }

    [Fact]
    public void A_member_that_is_not_a_setting_is_refused_with_its_name()
    {
        var reads = new ReadsSettingsAttribute(typeof(DeploySettings), nameof(DeploySettings.Read));

        var refused = Assert.Throws<InvalidOperationException>(() => reads.Settings);

        Assert.Equal("DeploySettings.Read is not a public static Setting nor a list of them: name one with nameof.", refused.Message);
    }
}
