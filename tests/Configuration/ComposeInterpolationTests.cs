using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tests.Configuration;

/// <summary>
/// One parser serves the .env, the volume devices and the undefined-variable check; the one
/// deliberate difference between them is whether a default's own references count when the
/// default is not used.
/// </summary>
public sealed class ComposeInterpolationTests
{
    private static string? Resolve(string name) => name == "SET" ? "value" : null;

    [Fact]
    public void Looking_for_undefined_names_checks_a_defaults_references_only_where_the_default_is_used()
    {
        Assert.Empty(ComposeInterpolation.Undefined("${SET:-$MISSING}", name => Resolve(name) is not null));
        Assert.Equal(["MISSING"], ComposeInterpolation.Undefined("${UNSET:-$MISSING}", name => Resolve(name) is not null));
        Assert.Equal(["MISSING"], ComposeInterpolation.Undefined("${SET:+${MISSING}}", name => Resolve(name) is not null));
        Assert.Empty(ComposeInterpolation.Undefined("${UNSET+${MISSING}}", name => Resolve(name) is not null));
    }

    [Fact]
    public void Expanding_interpolates_an_unused_default_too_so_its_errors_count_as_compose_does()
    {
        Assert.Equal("value", ComposeInterpolation.Expand("${SET:-${OTHER}}", Resolve));

        var error = Assert.Throws<FormatException>(() => ComposeInterpolation.Expand("${SET:-${MISSING:?needed}}", Resolve));

        Assert.Equal("required variable MISSING is missing a value: needed", error.Message);
    }

    [Fact]
    public void Bad_syntax_is_an_error_when_expanding_and_left_to_compose_when_looking_for_undefined_names()
    {
        Assert.Equal(ComposeInterpolation.InvalidSyntax, Assert.Throws<FormatException>(() => ComposeInterpolation.Expand("${1X}", Resolve)).Message);
        Assert.Equal(["MISSING"], ComposeInterpolation.Undefined("${1X} $MISSING", name => Resolve(name) is not null));
    }
}
