namespace PrivateCloud.Tasks.Plumbing.FileSystem;

/// <summary>Finds this project's checkout from where the program runs (build.sh builds it into .build/bin).</summary>
public static class SourceRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tests", "Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No checkout of this project (a folder with tests/Tests.csproj) above {AppContext.BaseDirectory}.");
    }
}
