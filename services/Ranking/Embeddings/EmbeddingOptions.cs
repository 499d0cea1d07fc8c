namespace Publishing.Ranking.Embeddings;

/// <summary>
/// Sentence embeddings of articles (configuration section <c>Ranking:Embeddings</c>): what they cost and how much
/// they weigh against words. Off, the lists are TF-IDF alone, as on a machine too small for the model.
/// </summary>
public sealed record EmbeddingOptions
{
    /// <summary>
    /// <c>Ranking__Embeddings__Enabled</c>. Unset, on where the machine has room for the model (~300 MB and ~35 ms
    /// of one core per short article): at least 2 cores and 1 GB of memory available to the process (a container's
    /// limit counts: the Kubernetes manifests give Ranking 1.5 GB).
    /// </summary>
    public bool? Enabled { get; init; }

    /// <summary>Share of meaning in the blended similarity; words take the rest. 0.5 measured best (services/Ranking/README.md).</summary>
    public double Weight { get; init; } = 0.5;

    /// <summary>Characters of text after the headline fed to the model: the model reads 256 tokens, and a standfirst says what an article is about.</summary>
    public int MaxCharacters { get; init; } = 1000;

    /// <summary>Threads the model may use: one, so that encoding never takes the second core from the events and the readers.</summary>
    public int Threads { get; init; } = 1;

    public bool IsEnabled => Enabled ?? (Environment.ProcessorCount >= 2 && GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >= 1L << 30);
}
