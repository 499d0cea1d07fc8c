using Publishing.Ranking.Embeddings;

namespace Publishing.Ranking.Evaluation;

/// <summary>
/// The corpus' embeddings, computed once with the service's encoder and kept in a file beside the build output
/// (7,600 items take a few minutes of one core), with the CPU time they cost.
/// </summary>
public static class CorpusEmbeddings
{
    public sealed record Figures(Dictionary<Guid, float[]> Vectors, double MillisecondsPerItem, int Computed);

    public static Figures Load(IReadOnlyList<LabelledArticle> corpus, string cachePath, EmbeddingOptions options)
    {
        var vectors = Read(cachePath);
        var missing = corpus.Where(a => !vectors.ContainsKey(a.Id)).ToList();
        var perItem = 0.0;
        if (missing.Count > 0)
        {
            using var encoder = new ArticleEncoder(options);
            var cpu = Cpu.Now();
            foreach (var article in missing)
            {
                vectors[article.Id] = encoder.Encode(ArticleEncoder.TextOf(article.Headline, null, article.Text, options.MaxCharacters));
            }
            perItem = Cpu.PerItem(cpu, missing.Count);
            Write(cachePath, vectors);
        }
        return new Figures(vectors, perItem, missing.Count);
    }

    /// <summary>The model's CPU per item, one at a time as the worker reads them, on the first <paramref name="sample"/> items.</summary>
    public static double CpuPerItem(IReadOnlyList<LabelledArticle> corpus, EmbeddingOptions options, int sample = 40)
    {
        using var encoder = new ArticleEncoder(options);
        var texts = corpus.Take(sample).Select(a => ArticleEncoder.TextOf(a.Headline, null, a.Text, options.MaxCharacters)).ToList();
        encoder.Encode(texts[0]);
        var cpu = Cpu.Now();
        texts.ForEach(text => encoder.Encode(text));
        return Cpu.PerItem(cpu, texts.Count);
    }

    private static Dictionary<Guid, float[]> Read(string path)
    {
        var vectors = new Dictionary<Guid, float[]>();
        if (!File.Exists(path))
        {
            return vectors;
        }
        using var reader = new BinaryReader(File.OpenRead(path));
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var id = new Guid(reader.ReadBytes(16));
            var vector = new float[ArticleEncoder.Dimensions];
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] = reader.ReadSingle();
            }
            vectors[id] = vector;
        }
        return vectors;
    }

    private static void Write(string path, Dictionary<Guid, float[]> vectors)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(vectors.Count);
        foreach (var (id, vector) in vectors)
        {
            writer.Write(id.ToByteArray());
            foreach (var value in vector)
            {
                writer.Write(value);
            }
        }
    }
}
