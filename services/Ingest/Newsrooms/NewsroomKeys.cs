using System.Security.Cryptography;
using System.Text;

namespace Publishing.Ingest.Newsrooms;

/// <summary>A newsroom that publishes through the ingest API; its articles are identified by (source, externalId).</summary>
public sealed record Newsroom(string Source);

/// <summary>
/// The newsroom API keys, kept only as SHA-256 hashes. A presented key is hashed and compared with every
/// known hash in constant time, so neither timing nor memory gives a key away.
/// </summary>
public sealed class NewsroomKeys
{
    private readonly List<(byte[] Hash, Newsroom Newsroom)> _keys = [];

    public NewsroomKeys(IConfiguration configuration)
    {
        foreach (var entry in configuration.GetSection("Ingest:Keys").GetChildren())
        {
            var source = entry["Source"];
            if (string.IsNullOrWhiteSpace(source))
            {
                continue;
            }
            if (entry["KeyHash"] is { Length: > 0 } hex)
            {
                _keys.Add((Convert.FromHexString(hex), new Newsroom(source)));
            }
            else if (entry["Key"] is { Length: > 0 } key)
            {
                _keys.Add((Hash(key), new Newsroom(source)));
            }
        }
        // The local run's key (API.md: PUBLISHING_INGEST_KEY), for the newsroom named by PUBLISHING_INGEST_SOURCE.
        if (configuration["PUBLISHING_INGEST_KEY"] is { Length: > 0 } localKey)
        {
            _keys.Add((Hash(localKey), new Newsroom(configuration["PUBLISHING_INGEST_SOURCE"] is { Length: > 0 } s ? s : "local")));
        }
    }

    public int Count => _keys.Count;

    public Newsroom? Find(string presentedKey)
    {
        var presented = Hash(presentedKey);
        Newsroom? found = null;
        foreach (var (hash, newsroom) in _keys)
        {
            // No early exit: every key is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(hash, presented))
            {
                found = newsroom;
            }
        }
        return found;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
