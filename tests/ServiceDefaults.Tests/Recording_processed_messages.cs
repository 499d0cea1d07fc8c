using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.ServiceDefaults.Tests;

public sealed class Recording_processed_messages : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("inbox-").FullName;

    [Fact]
    public async Task Should_admit_a_message_once_per_consumer()
    {
        var database = new SqliteDatabase(Path.Combine(_folder, "test.db"), [], new OutboxSignal());
        var messageId = Guid.NewGuid();
        Task<bool> Record(string consumer) => database.WriteAsync((c, t) => SqliteInbox.TryRecordAsync(c, t, messageId, consumer), TestContext.Current.CancellationToken);

        Assert.True(await Record("articles:submitted"));
        Assert.False(await Record("articles:submitted"));
        Assert.True(await Record("ranking:published"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
