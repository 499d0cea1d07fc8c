using Publishing.ServiceDefaults.Storage;

namespace Publishing.Articles.Storage;

public static class ArticleStoreExtensions
{
    public static IHostApplicationBuilder AddArticleStore(this IHostApplicationBuilder builder)
    {
        builder.AddSqliteDatabase("articles", SqliteArticleStore.Schema);
        builder.Services.AddSingleton<IArticleStore, SqliteArticleStore>();
        return builder;
    }
}
