using Publishing.Ingest.Submissions;

namespace Publishing.Ingest.Tests;

public sealed class Making_slugs
{
    private static readonly Guid Id = Guid.Parse("0b7c3c1e-5a1f-4c55-9d35-2f6a1c0d9e42");

    [Theory]
    [InlineData("North Korea's Kim vows to bolster war readiness", "north-koreas-kim-vows-to-bolster-war-readiness-1c0d9e42")]
    [InlineData("Économie : la Banque de France révise sa prévision", "economie-la-banque-de-france-revise-sa-prevision-1c0d9e42")]
    [InlineData("Łódź and Straße, Ærø and Şişli", "lodz-and-strasse-aero-and-sisli-1c0d9e42")]
    [InlineData("Экономика", "1c0d9e42")]
    public void Should_make_a_readable_ascii_slug_ending_in_the_start_of_the_id(string headline, string slug)
    {
        Assert.Equal(slug, Slugs.For(headline, Id));
    }
}
