using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tests.Plumbing.Docker;

public class DockerEngineTargetTests
{
    [Fact]
    public void Local_target_adds_neither_variables_nor_arguments()
    {
        Assert.Empty(DockerEngineTarget.Local.EnvironmentVariables);
        Assert.Empty(DockerEngineTarget.Local.GlobalArguments);
    }

    [Fact]
    public void Tcp_target_with_certificates_turns_on_tls_verification()
    {
        var target = DockerEngineTarget.Tcp("tcp://cloud.example.org:2376", "/etc/privatecloud/docker-certs");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = "tcp://cloud.example.org:2376",
                ["DOCKER_CERT_PATH"] = "/etc/privatecloud/docker-certs",
                ["DOCKER_TLS_VERIFY"] = "1",
            },
            target.EnvironmentVariables);
        Assert.Empty(target.GlobalArguments);
        Assert.Equal("engine tcp://cloud.example.org:2376 (TLS)", target.ToString());
    }

    [Fact]
    public void Tcp_target_without_certificates_sets_only_the_host()
    {
        var target = DockerEngineTarget.Tcp("tcp://10.0.0.5:2375", certificatePath: null);

        Assert.Equal(new Dictionary<string, string> { ["DOCKER_HOST"] = "tcp://10.0.0.5:2375" }, target.EnvironmentVariables);
    }

    [Theory]
    [InlineData("cloud.example.org:2376")]
    [InlineData("ssh://root@cloud.example.org")]
    [InlineData("tcp://cloud.example.org")]
    public void Tcp_target_rejects_anything_but_tcp_host_and_port(string host)
    {
        var error = Assert.Throws<ArgumentException>(() => DockerEngineTarget.Tcp(host, null));

        Assert.Contains($"'{host}' is not of the form tcp://host:port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_target_selects_the_context_by_argument()
    {
        var target = DockerEngineTarget.Context("production");

        Assert.Equal(["--context", "production"], target.GlobalArguments);
        Assert.Empty(target.EnvironmentVariables);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--host")]
    public void Context_target_rejects_a_name_that_is_empty_or_looks_like_an_option(string name) =>
        Assert.Throws<ArgumentException>(() => DockerEngineTarget.Context(name));
}
