using System.Text;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Configuration;

/// <summary>
/// Renders realistic templates with both the real /bin/sh here-document of the old script and
/// <see cref="TemplateRenderer"/>, and demands identical bytes.
/// </summary>
public sealed class OldScriptCompatibilityTests : IDisposable
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["DOMAIN"] = "example.org",
        ["EMPTY"] = string.Empty,
        ["MAIL_HOST"] = "mail.example.org",
        ["DB_PASSWORD"] = "p@ss$word`x`\\n\"q\"'s' ${DOMAIN} $(id)",
        ["MULTILINE"] = "first\nsecond\n",
        ["UNICODE"] = "Grüße ☁",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("old-script-").FullName;

    public static TheoryData<string, string> Templates() => new()
    {
        {
            "nginx.conf.template",
            """
            # Served for $DOMAIN; a \$word in a comment is expanded too, so it is escaped.
            server {
                listen 443 ssl;
                server_name ${DOMAIN} www.${DOMAIN};
                ssl_certificate /etc/ssl/${DOMAIN}/fullchain.pem;

                location ~ ^/api/(.*)\$ {
                    proxy_pass http://backend:${API_PORT:-8080}/\$1\$is_args\$args;
                    proxy_set_header Host \$host;
                    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
                }

                location ~* \.(png|jpe?g|css|js)\$ {
                    expires 30d;
                }

                add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:";
                return 301 https://\$host\$request_uri;
            }

            """
        },
        {
            "traefik.yml.template",
            """
            http:
              routers:
                gitea:
                  rule: "Host(\`git.${DOMAIN}\`) && PathPrefix(\`/\`)"
                  entryPoints: [websecure]
                  tls:
                    certResolver: ${CERT_RESOLVER:-letsencrypt}
              middlewares:
                redirect:
                  redirectRegex:
                    regex: "^https?://www\\.${DOMAIN}/(.*)"
                    replacement: "https://${DOMAIN}/\${1}"
            log:
              level: '${LOG_LEVEL:-INFO}'


            """
        },
        {
            "escapes.template",
            "backslashes: \\\\ \\$ \\` \\. \\x \\\" \\' \\} \\{ \\n\n" +
            "ends with escaped backslash \\\\\n" +
            "joined \\\nline and ${MAIL\\\n_HOST}\n" +
            "lonely dollars: $ $. a$ $/ $\" $' cost: 5$\n" +
            "quotes \"$DOMAIN\" '$DOMAIN' \"${EMPTY}\"\n" +
            "\ttab\tindented\n\n\n\n"
        },
        {
            "defaults.template",
            """
            a=${UNSET:-fallback} b=${EMPTY:-empty-fallback} c=${EMPTY-kept-empty} d=${UNSET-unset-fallback}
            e=${DOMAIN:+has-domain} f=${EMPTY:+never} g=${EMPTY+set-but-empty} h=${UNSET+never}
            i=${UNSET:-"quoted default with } brace"} j=${UNSET:-'single'} k=${UNSET:-a\}b\$c\"d}
            l=${NEW:=assigned} m=$NEW n=${UNSET:-${ALSO_UNSET:-$DOMAIN}} o=${DOMAIN:?must be set}
            p=${UNSET:-x\yz} q=${UNSET:-"x\yz"} r=${UNSET:-{braced}}
            """
        },
        {
            "values.template",
            "password=$DB_PASSWORD\nlist=[$MULTILINE]\nunicode=${UNICODE}\n"
        },
        { "crlf.template", "server_name ${DOMAIN};\r\nroot /var/www/\\$host;\r\nend\\\r\nline\r\n\r\n" },
        { "no-final-newline.template", "value=${DOMAIN}" },
        { "only-newlines.template", "\n\n" },
        { "empty.template", string.Empty },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Renders_byte_for_byte_like_the_old_script(string name, string template)
    {
        Requires.That(File.Exists("/bin/sh"), "/bin/sh is needed to compare with the old script");
        var file = Path.Combine(_dir, name);
        File.WriteAllText(file, template);

        var expected = OldScriptRenderer.Render(file, Variables);
        var result = TemplateRenderer.Render(template, name, Variables, allowUndefined: false);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(Encoding.UTF8.GetString(expected), result.Output);
        Assert.Equal(expected, Encoding.UTF8.GetBytes(result.Output));
    }

    [Fact]
    public void The_harness_really_is_an_evaluated_here_document_fed_from_the_environment()
    {
        Requires.That(File.Exists("/bin/sh"), "/bin/sh is needed to compare with the old script");
        var file = Path.Combine(_dir, "probe.template");
        File.WriteAllText(file, "env=$FROM_ENV cmd=$(echo ran) quoted='$FROM_ENV'\n\n");

        var output = OldScriptRenderer.Render(file, new Dictionary<string, string> { ["FROM_ENV"] = "from environment" });

        // Commands would run in the old script: that is what the renderer refuses.
        Assert.Equal("env=from environment cmd=ran quoted='from environment'\n", Encoding.UTF8.GetString(output));
        Assert.False(TemplateRenderer.Render(File.ReadAllText(file), file, new Dictionary<string, string> { ["FROM_ENV"] = "x" }, false).Succeeded);
    }

    [Fact]
    public void Allow_undefined_renders_missing_variables_empty_like_the_old_script()
    {
        Requires.That(File.Exists("/bin/sh"), "/bin/sh is needed to compare with the old script");
        const string template = "# set $word in the comment\nlisten ${PORT}:$DOMAIN\n";
        var file = Path.Combine(_dir, "undefined.template");
        File.WriteAllText(file, template);

        var expected = OldScriptRenderer.Render(file, Variables);
        var result = TemplateRenderer.Render(template, file, Variables, allowUndefined: true);

        Assert.Equal("# set  in the comment\nlisten :example.org\n", Encoding.UTF8.GetString(expected));
        Assert.Equal(Encoding.UTF8.GetString(expected), result.Output);
        Assert.Equal(["word", "PORT"], result.Warnings.Select(w => w.Message.Split(' ')[0]));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
