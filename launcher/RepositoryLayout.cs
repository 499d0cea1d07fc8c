namespace Publishing.Launcher;

/// <summary>Where the built services are: <c>artifacts/bin/{project}/{configuration}/</c>, the same configuration as this assembly's.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    private static string Configuration => Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string Assembly(string project) =>
        Path.Combine(Root, "artifacts", "bin", project, Configuration, project + ".dll");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Publishing.sln")))
            {
                return folder.FullName;
            }
        }
        throw new LaunchException("Cannot find Publishing.sln above " + AppContext.BaseDirectory + "; run from a checkout of the repository.");
    }
}
