using System.Collections.Concurrent;

namespace Publishing.Gateway.Caching;

/// <summary>
/// A bounded map for what the gateway remembers per reader: two generations of at most <see cref="Capacity"/> entries
/// each. Lookups go to the newer generation, then the older, which moves what it finds forward; once the newer is full
/// the older is dropped. An entry used within the last <see cref="Capacity"/> distinct keys stays; the rest are
/// forgotten. It lives in the gateway's memory only: a restart starts it empty.
/// </summary>
public class Generations<TValue>(int capacity)
{
    public int Capacity { get; } = Math.Max(1, capacity);

    private ConcurrentDictionary<string, TValue> _newer = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, TValue> _older = new(StringComparer.Ordinal);
    private readonly Lock _turning = new();

    public bool TryGet(string key, out TValue value)
    {
        if (_newer.TryGetValue(key, out value!))
        {
            return true;
        }
        if (_older.TryGetValue(key, out value!))
        {
            Add(key, value);
            return true;
        }
        return false;
    }

    public void Add(string key, TValue value)
    {
        var newer = _newer;
        if (newer.Count >= Capacity)
        {
            lock (_turning)
            {
                if (ReferenceEquals(newer, _newer))
                {
                    _older = newer;
                    _newer = new ConcurrentDictionary<string, TValue>(StringComparer.Ordinal);
                }
            }
        }
        _newer[key] = value;
    }
}
