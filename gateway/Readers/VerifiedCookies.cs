using Publishing.Gateway.Caching;

namespace Publishing.Gateway.Readers;

/// <summary>
/// The reader ids of cookies already verified, so that a reader's next requests skip Data Protection (decrypting and
/// checking the signature costs far more than the rest of a proxied request). Only cookies that verified are kept, by
/// their whole value: a forged or tampered cookie never matches one, and is verified (and refused) every time.
/// Bounded (<see cref="Generations{TValue}"/>): a reader seen within the last <see cref="Generations{TValue}.Capacity"/>
/// distinct readers stays known; the rest are verified again. A new key ring starts it empty with the process.
/// </summary>
public sealed class VerifiedCookies(int capacity) : Generations<string>(capacity)
{
    public const int DefaultCapacity = 100_000;
}
