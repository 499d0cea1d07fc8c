using System.Collections.Concurrent;

namespace Publishing.Gateway.Readers;

/// <summary>
/// The reader ids of cookies already verified, so that a reader's next requests skip Data Protection (decrypting and
/// checking the signature costs far more than the rest of a proxied request). Only cookies that verified are kept, by
/// their whole value: a forged or tampered cookie never matches one, and is verified (and refused) every time.
/// <para>
/// Bounded: two generations of at most <see cref="Capacity"/> cookies each. Lookups go to the newer generation, then the
/// older, which moves what it finds forward; once the newer is full the older is dropped. A reader seen within the last
/// <see cref="Capacity"/> distinct readers stays known; the rest are verified again. The cache lives in the gateway's
/// memory only: a restart, or a new key ring, starts it empty.
/// </para>
/// </summary>
public sealed class VerifiedCookies(int capacity)
{
    public const int DefaultCapacity = 100_000;

    public int Capacity { get; } = Math.Max(1, capacity);

    private ConcurrentDictionary<string, string> _newer = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, string> _older = new(StringComparer.Ordinal);
    private readonly Lock _turning = new();

    public bool TryGet(string cookie, out string readerId)
    {
        if (_newer.TryGetValue(cookie, out readerId!))
        {
            return true;
        }
        if (_older.TryGetValue(cookie, out readerId!))
        {
            Add(cookie, readerId);
            return true;
        }
        return false;
    }

    public void Add(string cookie, string readerId)
    {
        var newer = _newer;
        if (newer.Count >= Capacity)
        {
            lock (_turning)
            {
                if (ReferenceEquals(newer, _newer))
                {
                    _older = newer;
                    _newer = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
                }
            }
        }
        _newer[cookie] = readerId;
    }
}
