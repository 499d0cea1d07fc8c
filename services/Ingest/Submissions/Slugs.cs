using System.Text;
using Publishing.Contracts;

namespace Publishing.Ingest.Submissions;

/// <summary>
/// Readable, unique, stable slugs: the headline's words, then the start of the article id, so two
/// articles with one headline never share a slug and no store has to be asked.
/// </summary>
public static class Slugs
{
    private const int MaxWords = 80;

    public static string For(string headline, Guid articleId)
    {
        var words = Slugify(headline, MaxWords);
        var suffix = articleId.ToString("N")[^8..];
        return words.Length == 0 ? suffix : words + "-" + suffix;
    }

    /// <summary>Lower-case ASCII letters and digits joined by single hyphens, Latin accents folded, at most <paramref name="maxLength"/> characters.</summary>
    public static string Slugify(string text, int maxLength)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // Not text.Normalize(FormD): with invariant globalization it leaves "é" whole, and a slug must come out
            // the same wherever it is made.
            if (LatinFolding.Fold(c) is { } folded)
            {
                builder.Append(folded);
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’')
            {
                // "Korea's" reads better as "koreas" than as "korea-s".
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var slug = builder.ToString().Trim('-');
        if (slug.Length > maxLength)
        {
            slug = slug[..maxLength];
            var lastHyphen = slug.LastIndexOf('-');
            slug = (lastHyphen > maxLength / 2 ? slug[..lastHyphen] : slug).Trim('-');
        }
        return slug;
    }
}
