using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Dapper;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;
using Publishing.Voting.Domain;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Tests;

public sealed class Choosing_the_vote_store : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("publishing-voting-choice-").FullName;

    private IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["PUBLISHING_DATA"] = _data;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        builder.AddVoteStore();
        return builder.Build();
    }

    [Fact]
    public void Should_store_in_MongoDB_when_MONGODB_URI_is_set_and_create_its_indexes_at_start()
    {
        // No server is contacted until the host starts: building it is enough to see the choice.
        using var host = Build(("MONGODB_URI", "mongodb://127.0.0.1:1/admin"), ("MONGODB_DATABASE_PREFIX", "staging-"));

        var store = Assert.IsType<MongoVoteStore>(host.Services.GetRequiredService<IVoteStore>());
        Assert.Contains(store, host.Services.GetServices<IMongoIndexes>());
        Assert.Contains(host.Services.GetServices<IHostedService>(), service => service is MongoIndexCreation);
        Assert.Equal("staging-voting", host.Services.GetRequiredService<MongoStore>().Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void Should_store_in_SQLite_otherwise()
    {
        using var host = Build();

        Assert.IsType<SqliteVoteStore>(host.Services.GetRequiredService<IVoteStore>());
        Assert.Empty(host.Services.GetServices<IMongoIndexes>());
    }

    /// <summary>
    /// A count event leaves right after its commit: a commit a power cut could undo would let the next vote publish the
    /// same sequence for a different count. So Voting's SQLite commits are synced (FULL), unlike the other stores.
    /// </summary>
    [Fact]
    public async Task Should_sync_every_SQLite_commit_so_that_no_published_sequence_is_reused_after_a_power_cut()
    {
        using var host = Build();

        var database = host.Services.GetRequiredService<SqliteDatabase>();

        Assert.Equal(2, await database.ReadAsync(c => c.ExecuteScalarAsync<long>("PRAGMA synchronous"))); // 2 = FULL
    }

    public void Dispose()
    {
        TemporaryFolders.Delete(_data);
    }
}
