using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tests.Plumbing.Docker;

/// <summary>The commands sent to the host for compose, as text: quoting, the project's options, privileges.</summary>
public sealed class RemoteComposeCommandsTests
{
    private static readonly ComposeProject Project = new("cloud", "/srv/cloud/current", ["docker-compose.yaml", "extra files/more.yaml"], ".env");

    [Fact]
    public void A_v2_compose_call_runs_in_the_project_directory_with_its_name_files_and_env_file()
    {
        var command = RemoteComposeCommands.Compose(new ComposeTool(ComposeFlavor.PluginV2, "2.26.1"), Project, ComposeArguments.Up(["web"], forceRecreate: false));

        Assert.Equal(
            "cd /srv/cloud/current && docker compose --project-name cloud --project-directory /srv/cloud/current " +
            "--file /srv/cloud/current/docker-compose.yaml --file '/srv/cloud/current/extra files/more.yaml' --env-file /srv/cloud/current/.env " +
            "up -d --remove-orphans web",
            command.Text);
        Assert.True(command.Privileged);
    }

    [Fact]
    public void A_v1_compose_call_runs_docker_compose()
    {
        var command = RemoteComposeCommands.Compose(new ComposeTool(ComposeFlavor.StandaloneV1, "1.29.2"), Project, ComposeArguments.Down(removeVolumes: false));

        Assert.StartsWith("cd /srv/cloud/current && docker-compose --project-name cloud ", command.Text);
        Assert.EndsWith(" down --remove-orphans", command.Text);
    }

    [Fact]
    public void A_word_the_shell_would_read_reaches_docker_single_quoted()
    {
        var command = RemoteComposeCommands.Docker(["volume", "rm", "cloud_data; rm -rf /"]);

        Assert.Equal("docker volume rm 'cloud_data; rm -rf /'", command.Text);
        Assert.True(command.Privileged);
        Assert.Equal("docker volume inspect 'it'\\''s' >/dev/null 2>&1", RemoteComposeCommands.VolumeExists("it's").Text);
    }

    [Fact]
    public void The_inspection_lists_every_container_of_the_project_and_prints_an_empty_list_for_none()
    {
        var command = RemoteComposeCommands.Inspection("cloud");

        Assert.Equal(
            "ids=$(docker container ls --all --quiet --no-trunc --filter label=com.docker.compose.project=cloud); " +
            "if [ -n \"$ids\" ]; then docker container inspect $ids; else echo '[]'; fi",
            command.Text);
        Assert.True(command.Privileged);
    }

    [Fact]
    public void The_configuration_hashes_are_asked_with_a_quoted_star_and_read_one_service_a_line()
    {
        var command = RemoteComposeCommands.Compose(new ComposeTool(ComposeFlavor.PluginV2, "2.26.1"), Project, ComposeArguments.ConfigHashes());

        Assert.EndsWith(" --env-file /srv/cloud/current/.env config --hash '*'", command.Text);
        Assert.Equal(
            new Dictionary<string, string> { ["web"] = "5114d273aca8", ["worker"] = "440a2196594a" },
            ComposeArguments.ParseConfigHashes("web 5114d273aca8\nworker 440a2196594a\n\nWARNING: a line compose adds\n"));
    }
    [Fact]
    public void An_exec_names_its_variables_on_the_command_line_and_sends_their_values_on_stdin()
    {
        var exec = new ServiceExec("db", ["mariadb", "-e", "select 1"]) { Environment = new Dictionary<string, string> { ["MYSQL_PWD"] = "s3cr'et value" } };

        var command = RemoteComposeCommands.Exec(exec, "c0ffee");

        Assert.EndsWith("exec docker exec --env MYSQL_PWD c0ffee mariadb -e 'select 1'", command.Text);
        Assert.DoesNotContain("s3cr", command.Text);
        Assert.Contains("s3cr'et value", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(System.Text.Encoding.UTF8.GetString(command.Input!).Trim())));
        Assert.True(command.Privileged);
    }

    [Fact]
    public void The_compose_lookup_runs_the_request_with_each_word_quoted()
    {
        var command = RemoteComposeCommands.Run(new ComposeTool(ComposeFlavor.PluginV2, string.Empty).Request(DockerEngineTarget.Local, ComposeArguments.Version()));

        Assert.Equal("docker compose version --short", command.Text);
        Assert.True(command.Privileged);
    }
}
