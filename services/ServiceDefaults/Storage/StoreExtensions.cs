using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Publishing.ServiceDefaults.Health;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Storage;

public static class StoreExtensions
{
    /// <summary>
    /// The service's SQLite file <c>{PUBLISHING_DATA}/{name}.db</c> with the outbox and inbox tables and the
    /// service's own <paramref name="schema"/>, checked by the readiness probe.
    /// </summary>
    public static IHostApplicationBuilder AddSqliteDatabase(this IHostApplicationBuilder builder, string name, IEnumerable<string> schema)
    {
        var options = StoreOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddSingleton(provider => new SqliteDatabase(options.SqlitePath(name), schema, provider.GetRequiredService<OutboxSignal>()));
        builder.Services.AddSingleton<IOutboxStore, SqliteOutbox>();
        builder.Services.AddHealthChecks().AddCheck<SqliteDatabase>("store", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}
