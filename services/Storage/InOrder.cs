namespace Publishing.ServiceDefaults.Storage;

public static class InOrder
{
    /// <summary>
    /// Applies <paramref name="apply"/> to each item, one after the other, and answers the results in order: the way
    /// a store applies a list of changes in one transaction, whose connection or session runs one command at a time.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> EachAsync<T, TResult>(this IReadOnlyList<T> items, Func<T, Task<TResult>> apply)
    {
        var results = new List<TResult>(items.Count);
        foreach (var item in items)
        {
            results.Add(await apply(item));
        }
        return results;
    }
}
