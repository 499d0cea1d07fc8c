using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Storage.Mongo;

/// <summary>
/// How this system's documents look in MongoDB, registered once per process: camelCase names, Guids as standard
/// UUIDs (the driver refuses to guess), times as BSON dates, unknown fields ignored so old readers survive new writers.
/// </summary>
public static class MongoConventions
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }
            BsonSerializer.TryRegisterSerializer(new GuidSerializer(GuidRepresentation.Standard));
            BsonSerializer.TryRegisterSerializer(new DateTimeOffsetSerializer(BsonType.DateTime));
            ConventionRegistry.Register(
                "publishing",
                new ConventionPack { new CamelCaseElementNameConvention(), new IgnoreExtraElementsConvention(true) },
                type => type.Namespace?.StartsWith("Publishing", StringComparison.Ordinal) == true);
            BsonClassMap.TryRegisterClassMap<OutboxMessage>(map =>
            {
                map.AutoMap();
                map.MapIdMember(message => message.MessageId);
            });
            _registered = true;
        }
    }
}
