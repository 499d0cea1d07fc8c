namespace Publishing.Testing;

public static class TemporaryFolders
{
    /// <summary>
    /// Deletes a test's temporary folder. SQLite pools its connections, which keep the database files open after the
    /// test: they are closed first. A file something else still holds is left for the system's temporary folder cleanup.
    /// </summary>
    public static void Delete(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}
