using Publishing.Articles.Domain;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Articles.Storage;

public static class ArticleStoreExtensions
{
    /// <summary>The article store: in MongoDB when <c>MONGODB_URI</c> is set, else in the service's SQLite file.</summary>
    public static IHostApplicationBuilder AddArticleStore(this IHostApplicationBuilder builder) =>
        builder.AddStore<IArticleStore, SqliteArticleStore, MongoArticleStore>("articles", SqliteArticleStore.Schema);
}
