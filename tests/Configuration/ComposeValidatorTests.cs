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
}
