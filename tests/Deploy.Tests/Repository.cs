namespace Publishing.Deploy.Tests;

/// <summary>Paths in the repository, found from the test's output folder upwards.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Publishing.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("Publishing.sln not found above " + AppContext.BaseDirectory);
    }
}
