using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Configuration;

public sealed class TemplateSetTests : IDisposable
{
    private readonly string _stack = Directory.CreateTempSubdirectory("stack-").FullName;

    public TemplateSetTests()
    {
        foreach (var file in new[]
                 {
                     ".git/hooks/x.template", "app.conf.template", "sub/deep/b.yml.template", "sub/notes.txt",
                     "nginx/site.conf.template", "vendor/lib/c.template", "nested/d.conf.template", "plain.conf",
                 })
        {
            var path = Path.Combine(_stack, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
        }

        // A submodule has a .git file, a nested clone a .git directory: both are other projects.
        File.WriteAllText(Path.Combine(_stack, "vendor", ".git"), "gitdir: ../.git/modules/vendor");
        Directory.CreateDirectory(Path.Combine(_stack, "nested", ".git"));
    }

    [Fact]
    public void Default_glob_finds_templates_outside_git_metadata_and_nested_repositories()
    {
        var templates = TemplateSet.Find(_stack);

        Assert.Equal(["app.conf.template", "nginx/site.conf.template", "sub/deep/b.yml.template"], templates.Select(t => t.RelativePath));
        Assert.Equal(Path.Combine(_stack, "sub/deep/b.yml"), templates[2].OutputPath);
        Assert.Equal(Path.Combine(_stack, "sub/deep/b.yml.template"), templates[2].TemplatePath);
    }

    [Theory]
    [InlineData("nginx/*.template", new[] { "nginx/site.conf.template" })]
    [InlineData(" *.template , sub/**/*.yml.template", new[] { "app.conf.template", "sub/deep/b.yml.template" })]
    [InlineData("app.con?.template", new[] { "app.conf.template" })]
    public void Several_comma_separated_globs_are_relative_to_the_stack(string globs, string[] expected) =>
        Assert.Equal(expected, TemplateSet.Find(_stack, globs).Select(t => t.RelativePath));

    [Fact]
    public void A_glob_matching_a_file_without_the_suffix_is_refused()
    {
        var error = Assert.Throws<BuildInputException>(() => TemplateSet.Find(_stack, "sub/**"));

        Assert.Equal("template glob 'sub/**' matches sub/notes.txt, which has no name before '.template' to render to; narrow the glob to '*.template' files", error.Message);
    }

    [Theory]
    [InlineData("../*.template", "template glob '../*.template' must stay inside the stack directory (no leading '/', no '..')")]
    [InlineData("/etc/*.template", "template glob '/etc/*.template' must stay inside the stack directory (no leading '/', no '..')")]
    [InlineData(" , ", "template globs ' , ' contain no pattern; use e.g. '**/*.template'")]
    public void Refuses_globs_that_leave_the_stack_or_are_empty(string globs, string message) =>
        Assert.Equal(message, Assert.Throws<BuildInputException>(() => TemplateSet.Find(_stack, globs)).Message);

    public void Dispose() => Directory.Delete(_stack, recursive: true);
}
