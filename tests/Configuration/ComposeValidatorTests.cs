using PrivateCloud.Tasks.Configuration.Compose;

namespace PrivateCloud.Tests.Configuration;

public class ComposeValidatorTests
{
    private static readonly HashSet<string> Defined = ["DOMAIN", "TAG", "EMPTY"];

    private static string[] Undefined(string compose) =>
        ComposeValidator.FindUndefined(compose, Defined).Select(r => $"{r.Line}:{r.Name}").ToArray();

    [Theory]
    [InlineData("image: gitea:${TAG}", new string[0])]
    [InlineData("image: gitea:${GITEA_TAG}", new[] { "1:GITEA_TAG" })]
    [InlineData("host: $HOST_NAME.$DOMAIN", new[] { "1:HOST_NAME" })]
    [InlineData("port: ${PORT:-3000} ${OTHER-x} ${OPT:+on} ${OPT2+on}", new string[0])]
    [InlineData("secret: ${MUST:?set MUST in .env} ${MUST2?x}", new[] { "1:MUST", "1:MUST2" })]
    [InlineData("cmd: echo $$HOME $${NOT_A_VAR} $$$REAL", new[] { "1:REAL" })]
    [InlineData("price: 5$ $1 ${DOMAIN}", new string[0])]
    [InlineData("nested: ${UNSET:-${FALLBACK}} ${DOMAIN:-${NOT_EVALUATED}}", new[] { "1:FALLBACK" })]
    [InlineData("alt: ${DOMAIN:+${ALT_VALUE}} ${UNSET:+${NOT_EVALUATED}}", new[] { "1:ALT_VALUE" })]
    public void Lists_references_without_definition_or_default(string compose, string[] expected) =>
        Assert.Equal(expected, Undefined(compose));

    [Fact]
    public void Skips_yaml_comments_but_not_hashes_inside_values()
    {
        const string compose = """
            # ${IN_COMMENT} is documentation only
            services:
              web:
                image: "nginx:${NGINX_TAG}" # pinned by ${ALSO_COMMENT}
                command: "echo '#${IN_QUOTES}'"
                labels:
                  - traefik.http.routers.web.rule=Host(`${DOMAIN}`)#${AFTER_HASH_WITHOUT_BLANK}
                environment:
                  FIRST: $NGINX_TAG
            """;

        Assert.Equal(["4:NGINX_TAG", "5:IN_QUOTES", "7:AFTER_HASH_WITHOUT_BLANK"], Undefined(compose));
    }

    [Theory]
    [InlineData("safe-Pass_word.1~", new string[0])]
    [InlineData("p@ss", new[] { "2:DB_PASSWORD" })]
    [InlineData("with:colon", new[] { "2:DB_PASSWORD" })]
    [InlineData("a/b", new[] { "2:DB_PASSWORD" })]
    [InlineData("100%", new[] { "2:DB_PASSWORD" })]
    [InlineData("two words", new[] { "2:DB_PASSWORD" })]
    public void Refuses_a_value_a_url_s_password_would_need_encoded(string password, string[] expected)
    {
        const string compose = """
            environment:
              DATABASE_URL: mysql://${DB_USER}:${DB_PASSWORD}@db:3306/${DB_NAME}?charset=utf8mb4&x=${DB_PASSWORD}
              MAILER_DSN: smtp://no-reply%40${DOMAIN}:$$LITERAL@${HOST}:587
              # smtp://${IN_COMMENT}@host
              PLAIN: ${DB_PASSWORD}
            """;
        var values = new Dictionary<string, string>
        {
            ["DB_USER"] = "davis", ["DB_PASSWORD"] = password, ["DB_NAME"] = "my db", ["DOMAIN"] = "example.com",
            ["HOST"] = "mail@x", ["LITERAL"] = "a@b", ["IN_COMMENT"] = "a@b",
        };

        var found = ComposeValidator.FindUnsafeInUrlCredentials(compose, values.GetValueOrDefault).Select(r => $"{r.Line}:{r.Name}");

        Assert.Equal(expected, found);
    }
}
