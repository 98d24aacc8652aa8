using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tests.Plumbing.Docker;

public class ComposeProjectTests
{
    [Fact]
    public void Pins_name_directory_files_and_env_file_with_absolute_paths()
    {
        var project = new ComposeProject("privatecloud", "/srv/cloud", ["docker-compose.yml", "/etc/extra.yml"], ".env");

        Assert.Equal(
            [
                "--project-name", "privatecloud",
                "--project-directory", "/srv/cloud",
                "--file", "/srv/cloud/docker-compose.yml",
                "--file", "/etc/extra.yml",
                "--env-file", "/srv/cloud/.env",
            ],
            project.GlobalArguments);
    }

    [Fact]
    public void Leaves_out_the_env_file_when_there_is_none()
    {
        var project = new ComposeProject("cloud", "/srv/cloud", ["compose.yml"]);

        Assert.DoesNotContain("--env-file", project.GlobalArguments);
    }

    [Fact]
    public void Names_volumes_the_way_compose_does() =>
        Assert.Equal("cloud_gitea-data", new ComposeProject("cloud", "/srv", ["c.yml"]).VolumeName("gitea-data"));

    [Theory]
    [InlineData("Cloud")]
    [InlineData("-cloud")]
    [InlineData("my cloud")]
    [InlineData("")]
    [InlineData("cloud\n")]
    public void Rejects_a_project_name_compose_would_refuse(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new ComposeProject(name, "/srv", ["c.yml"]));

        Assert.Contains($"Compose project name '{name}' is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requires_at_least_one_compose_file() =>
        Assert.Throws<ArgumentException>(() => new ComposeProject("cloud", "/srv", []));
}
