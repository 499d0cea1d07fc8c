using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;

namespace Publishing.Articles.Tests;

public sealed class Choosing_the_article_store : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("publishing-articles-choice-").FullName;

    private IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["PUBLISHING_DATA"] = _data;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        builder.AddArticleStore();
        return builder.Build();
    }

    [Fact]
    public void Should_store_in_MongoDB_when_MONGODB_URI_is_set_and_create_its_indexes_at_start()
    {
        // No server is contacted until the host starts: building it is enough to see the choice.
        using var host = Build(("MONGODB_URI", "mongodb://127.0.0.1:1/admin"), ("MONGODB_DATABASE_PREFIX", "staging-"));

        var store = Assert.IsType<MongoArticleStore>(host.Services.GetRequiredService<IArticleStore>());
        Assert.Contains(store, host.Services.GetServices<IMongoIndexes>());
        Assert.Contains(host.Services.GetServices<IHostedService>(), service => service is MongoIndexCreation);
        Assert.Equal("staging-articles", host.Services.GetRequiredService<MongoStore>().Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void Should_store_in_SQLite_otherwise()
    {
        using var host = Build();

        Assert.IsType<SqliteArticleStore>(host.Services.GetRequiredService<IArticleStore>());
        Assert.Empty(host.Services.GetServices<IMongoIndexes>());
    }

    public void Dispose()
    {
        TemporaryFolders.Delete(_data);
    }
}
