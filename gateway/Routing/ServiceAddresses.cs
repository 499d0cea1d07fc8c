namespace Publishing.Gateway.Routing;

/// <summary>Where each service listens, from configuration (<c>Services:Ingest</c> and so on, or <c>Services__Ingest</c> in the environment).</summary>
public sealed record ServiceAddresses(Uri Ingest, Uri Articles, Uri Voting, Uri Ranking)
{
    public static ServiceAddresses From(IConfiguration configuration)
    {
        Uri Read(string name) =>
            configuration[$"Services:{name}"] is { Length: > 0 } value
                ? new Uri(value)
                : throw new InvalidOperationException($"Configure the address of the {name} service as Services:{name} (environment: Services__{name}).");
        return new ServiceAddresses(Read("Ingest"), Read("Articles"), Read("Voting"), Read("Ranking"));
    }

    public IEnumerable<(string Name, Uri Address)> All =>
        [("ingest", Ingest), ("articles", Articles), ("voting", Voting), ("ranking", Ranking)];
}
