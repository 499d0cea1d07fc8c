namespace Publishing.Ranking.Related;

/// <summary>
/// How the related-articles model weighs fields and bounds its work (configuration section <c>Ranking:Related</c>).
/// The bounds follow Lucene's MoreLikeThis: an article is queried by its strongest terms only, and terms that too many
/// articles share say little and cost much, so they are skipped.
/// </summary>
public sealed record RelatedOptions
{
    public double HeadlineWeight { get; init; } = 2.0;
    public double SummaryWeight { get; init; } = 1.5;
    public double BodyWeight { get; init; } = 1.0;
    public double TopicWeight { get; init; } = 3.0;

    /// <summary>Terms kept in an article's vector (the strongest by TF-IDF).</summary>
    public int TermsPerArticle { get; init; } = 64;

    /// <summary>Neighbours kept per article: enough for any page and for recommendations by content.</summary>
    public int Neighbours { get; init; } = 20;

    /// <summary>Terms of a new article looked up in the index (MoreLikeThis' maxQueryTerms is 25).</summary>
    public int MaxQueryTerms { get; init; } = 25;

    /// <summary>Terms found in more than this share of the articles are not looked up (MoreLikeThis' maxDocFreqPct).</summary>
    public double MaxDocumentFrequency { get; init; } = 0.10;

    /// <summary>Postings read per looked-up term, newest first: the work of a publication is bounded whatever the corpus.</summary>
    public int MaxPostingsPerTerm { get; init; } = 4000;

    /// <summary>Candidates from the index rescored by their full cosine before the top neighbours are kept.</summary>
    public int Candidates { get; init; } = 100;
}
