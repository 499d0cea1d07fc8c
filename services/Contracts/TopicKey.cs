using System.Collections.Frozen;
using System.Text;

namespace Publishing.Contracts;

/// <summary>
/// The one form a topic is filed and matched in, by every service (API.md: topics are lower-case slugs): letters and
/// digits lower-cased, Latin accents folded ("Économie" is "economie"), apostrophes dropped, every other run of
/// characters one hyphen. Letters of other scripts stay as they are. A topic already in that form is left as it is.
/// </summary>
public static class TopicKey
{
    public static string Normalize(string topic)
    {
        var builder = new StringBuilder(topic.Length);
        foreach (var c in topic)
        {
            if (c is '\'' or '’')
            {
                continue;
            }
            if (LatinFolding.Fold(c) is { } folded)
            {
                builder.Append(folded);
            }
            else if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var key = builder.ToString().Trim('-');
        return key.Length > Limits.TopicLength ? key[..Limits.TopicLength].TrimEnd('-') : key;
    }

    /// <summary>The distinct keys of an article's topics, without the empty ones.</summary>
    public static IReadOnlyList<string> Keys(IEnumerable<string> topics) =>
        topics.Select(Normalize).Where(key => key.Length > 0).Distinct().ToList();
}

/// <summary>
/// Latin letters with diacritics as plain lower-case ASCII. The processes run with invariant globalization, where
/// Unicode normalization (decomposing "é" into "e" and an accent) is not available, so the common letters are listed.
/// </summary>
public static class LatinFolding
{
    private static readonly FrozenDictionary<char, string> Folds = new (string Letters, string Plain)[]
    {
        ("ÀÁÂÃÄÅĀĂĄàáâãäåāăą", "a"), ("ÇĆĈĊČçćĉċč", "c"), ("ĎĐďđð", "d"), ("ÈÉÊËĒĔĖĘĚèéêëēĕėęě", "e"),
        ("ĜĞĠĢĝğġģ", "g"), ("ĤĦĥħ", "h"), ("ÌÍÎÏĨĪĬĮİìíîïĩīĭįı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"), ("ĹĻĽĿŁĺļľŀł", "l"),
        ("ÑŃŅŇñńņň", "n"), ("ÒÓÔÕÖØŌŎŐòóôõöøōŏő", "o"), ("ŔŖŘŕŗř", "r"), ("ŚŜŞŠȘśŝşšșſ", "s"), ("ŢŤŦȚţťŧț", "t"),
        ("ÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűų", "u"), ("Ŵŵ", "w"), ("ÝŸŶýÿŷ", "y"), ("ŹŻŽźżž", "z"),
        ("Ææ", "ae"), ("Œœ", "oe"), ("ß", "ss"), ("Þþ", "th"),
    }.SelectMany(fold => fold.Letters.Select(letter => (letter, fold.Plain))).ToFrozenDictionary(pair => pair.letter, pair => pair.Plain);

    /// <summary>The plain lower-case letters for <paramref name="c"/>, or null when it is not a Latin letter with a diacritic.</summary>
    public static string? Fold(char c) => Folds.GetValueOrDefault(c);
}
