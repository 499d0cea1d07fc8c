using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Articles.Storage;

public static class ArticleStoreExtensions
{
    /// <summary>The article store: MongoDB when <c>MONGODB_URI</c> is set, else the service's SQLite file.</summary>
    public static IHostApplicationBuilder AddArticleStore(this IHostApplicationBuilder builder)
    {
        if (StoreOptions.From(builder.Configuration).UsesMongo)
        {
            builder.AddMongoStore("articles");
            builder.Services.AddSingleton<MongoArticleStore>();
            builder.Services.AddSingleton<IArticleStore>(provider => provider.GetRequiredService<MongoArticleStore>());
            builder.Services.AddSingleton<IMongoIndexes>(provider => provider.GetRequiredService<MongoArticleStore>());
            return builder;
        }
        builder.AddSqliteDatabase("articles", SqliteArticleStore.Schema);
        builder.Services.AddSingleton<IArticleStore, SqliteArticleStore>();
        return builder;
    }
}
