using System.Runtime.Versioning;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment.Swarm;

[UnsupportedOSPlatform("windows")]
public sealed class RemoteSwarmCommandsTests
{
    [Fact]
    public void A_stack_deploy_writes_each_file_from_stdin_into_a_private_directory_then_reads_the_variables_and_deploys_from_there()
    {
        var command = RemoteSwarmCommands.DeployStack("cloud", 2, ["web.conf"], ["TOKEN"], ["--with-registry-auth"]);

        Assert.Equal(
            "umask 077 && dir=$(mktemp -d) && trap 'rm -rf \"$dir\"' EXIT && " +
            "IFS= read -r file && printf %s \"$file\" | base64 -d > \"$dir\"/0.yml && " +
            "IFS= read -r file && printf %s \"$file\" | base64 -d > \"$dir\"/1.yml && " +
            "IFS= read -r file && printf %s \"$file\" | base64 -d > \"$dir\"/web.conf && " +
            "IFS= read -r TOKEN && TOKEN=$(printf %s \"$TOKEN\" | base64 -d && echo x) && TOKEN=${TOKEN%x} && export TOKEN && " +
            "docker stack deploy --with-registry-auth --compose-file \"$dir\"/0.yml --compose-file \"$dir\"/1.yml cloud",
            command.Text);
        Assert.True(command.Privileged);
        Assert.Null(command.Input);
    }

    [Fact]
    public void The_image_ids_and_the_files_are_read_in_one_command_each_as_root()
    {
        var images = RemoteSwarmCommands.ImageIds(["web:1", "registry:5000/worker:2"]);
        var files = RemoteSwarmCommands.ReadFiles("/opt/private-cloud/current", ["docker-compose.yml", "web/nginx.conf"]);

        Assert.Equal(
            "for image in web:1 registry:5000/worker:2; do docker image inspect --format '{{.Id}}' \"$image\" 2>/dev/null || echo; done", images.Text);
        Assert.Equal(
            "cd /opt/private-cloud/current && for f in docker-compose.yml web/nginx.conf; do if [ -f \"$f\" ]; then base64 -w0 -- \"$f\"; else printf missing; fi; echo; done",
            files.Text);
        Assert.True(images.Privileged && files.Privileged);
    }

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_image_name_reaches_docker_as_one_unchanged_argument(string value) =>
        Assert.Equal(
            [["docker", "image", "inspect", "--format", "{{.Id}}", value]],
            await StubbedShell.Calls(RemoteSwarmCommands.ImageIds([value]), "docker"));
}
