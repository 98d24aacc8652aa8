using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;

namespace PrivateCloud.Tests.Stack;

/// <summary>
/// davis-web's server block (<c>configurations/davis/nginx.conf</c>, uploaded as it is: it is no
/// template) checked by a real nginx: Debian's, as the image's nginx:alpine cannot be pulled here.
/// The file is a conf.d file, so it is included from a minimal main configuration the way the
/// image's /etc/nginx/nginx.conf includes /etc/nginx/conf.d/*.conf inside its http block. Its
/// <c>include fastcgi_params</c> finds Debian's copy of the file nginx's own sources ship, the
/// same the alpine image has. And it must agree with the image and the compose file around it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DavisWebNginxTests : IDisposable
{
    private const string FastcgiParams = "/etc/nginx/fastcgi_params";

    private static string ConfigFile => Path.Combine(StackFiles.Directory, "configurations", "davis", "nginx.conf");

    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Nginx_accepts_the_davis_web_configuration()
    {
        var result = Test(File.ReadAllText(ConfigFile));

        Assert.True(result.Succeeded, result.StandardError + result.StandardOutput);
        Assert.Contains("test is successful", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_refuses_a_broken_copy_so_the_check_above_can_fail()
    {
        var broken = File.ReadAllText(ConfigFile).Replace("fastcgi_pass davis:9000;", "fastcgi_pass davis:9000", StringComparison.Ordinal);

        var result = Test(broken);

        Assert.False(result.Succeeded, result.StandardError);
        Assert.Contains("test failed", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_agrees_with_the_image_and_the_compose_file()
    {
        var config = File.ReadAllText(ConfigFile);
        var dockerfile = File.ReadAllText(Path.Combine(StackFiles.Directory, "build", "davis-web", "Dockerfile"));
        var services = StackFiles.Services;
        var web = (YamlMappingNode)Child(services, "davis-web")!;
        var labels = (YamlMappingNode)Child(web, "labels")!;
        var healthcheck = string.Join(' ', ((YamlSequenceNode)Child((YamlMappingNode)Child(web, "healthcheck")!, "test")!).Children);
        var davisHealthcheck = string.Join(' ', ((YamlSequenceNode)Child((YamlMappingNode)Child((YamlMappingNode)Child(services, "davis")!, "healthcheck")!, "test")!).Children);

        // The static files are where the image copies Davis's public/ (its path in Davis's own image too, where PHP runs).
        Assert.Equal(Match(config, @"^\s*root (\S+);"), Match(dockerfile, @"COPY --from=davis /var/www/davis/public (\S+)"));
        Assert.Contains($"fastcgi_param SCRIPT_FILENAME {Match(config, @"^\s*root (\S+);")}/index.php;", config, StringComparison.Ordinal);
        // Traefik and the healthcheck reach the port nginx listens on; FastCGI goes to the davis service's PHP-FPM port.
        Assert.Equal(Match(config, @"^\s*listen (\d+);"), Scalar(labels, "traefik.http.services.davis.loadbalancer.server.port"));
        Assert.Contains($"http://127.0.0.1:{Match(config, @"^\s*listen (\d+);")}{Match(config, @"location = (/\S+) \{")}", healthcheck, StringComparison.Ordinal);
        Assert.Equal("davis:9000", Match(config, @"fastcgi_pass (\S+);"));
        Assert.Contains("9000", davisHealthcheck, StringComparison.Ordinal);
        Assert.Contains("./configurations/davis/nginx.conf:/etc/nginx/conf.d/default.conf:ro", ((YamlSequenceNode)Child(web, "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value));
    }

    /// <summary>
    /// nginx -t resolves the upstream <c>davis</c>, which only compose's network knows: the check runs
    /// in a private mount namespace whose /etc/hosts names it, so the machine's own file and DNS are untouched.
    /// </summary>
    private CommandResult Test(string serverBlock)
    {
        Requires.That(Requires.Executable("nginx") && File.Exists(FastcgiParams), "nginx (Debian's nginx-light) is not installed");
        Requires.That(Requires.Executable("unshare") && Environment.UserName == "root", "unshare --mount needs root and util-linux");
        var temp = _work.Path;
        _work.Write("conf.d/default.conf", serverBlock);
        File.Copy(FastcgiParams, Path.Combine(temp, "fastcgi_params"));
        _work.Write("hosts", "127.0.0.1 localhost\n127.0.0.1 davis\n");
        var main = _work.Write("nginx.conf", $$"""
            error_log {{temp}}/error.log;
            pid {{temp}}/nginx.pid;
            events {}
            http {
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                access_log off;
                include {{temp}}/conf.d/*.conf;
            }
            """);
        const string script = "mount --bind \"$1\" /etc/hosts && exec nginx -t -e \"$2/error.log\" -p \"$2\" -c \"$3\"";
        var runner = CakeProcesses.CreateCommandRunner();
        return runner.Run(new CommandRequest(
            "unshare", ["--mount", "--propagation", "private", "sh", "-c", script, "sh", Path.Combine(temp, "hosts"), temp, main])
        {
            Quiet = true,
            Timeout = TimeSpan.FromSeconds(30),
        });
    }

    private static string Match(string text, string pattern)
    {
        var match = Regex.Match(text, pattern, RegexOptions.Multiline);
        Assert.True(match.Success, $"no '{pattern}' in the file");
        return match.Groups[1].Value;
    }
}
