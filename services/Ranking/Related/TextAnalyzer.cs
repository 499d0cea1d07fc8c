using System.Text;

namespace Publishing.Ranking.Related;

/// <summary>
/// Turns text into index terms: Unicode letters and digits make words (any script), lower-cased; stop words,
/// one-letter words and plain numbers are dropped; English plurals are folded by a light stemmer (after Harman's
/// S-stemmer), which loses less meaning on headlines than an aggressive one.
/// </summary>
public static class TextAnalyzer
{
    public static IEnumerable<string> Terms(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }
        var word = new StringBuilder(32);
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c) || (c is '\'' or '’' && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]) && IsContraction(text, i + 1)))
            {
                if (c is not ('\'' or '’'))
                {
                    word.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    // "Kim's" is Kim: skip the apostrophe and the possessive s.
                    i++;
                }
                continue;
            }
            if (word.Length > 0)
            {
                var term = Normalize(word.ToString());
                word.Clear();
                if (term is not null)
                {
                    yield return term;
                }
            }
        }
    }

    private static bool IsContraction(string text, int next) =>
        (text[next] is 's' or 'S') && (next + 1 == text.Length || !char.IsLetterOrDigit(text[next + 1]));

    private static string? Normalize(string word)
    {
        if (word.Length < 2 || StopWords.Contains(word) || word.All(char.IsDigit))
        {
            return null;
        }
        var stem = Stem(word);
        return stem.Length < 2 || StopWords.Contains(stem) ? null : stem;
    }

    /// <summary>Folds the common English inflections only; anything that does not look English is left as it is.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3 || !word.All(c => c is >= 'a' and <= 'z'))
        {
            return word;
        }
        if (word.EndsWith("ies") && !word.EndsWith("eies") && !word.EndsWith("aies"))
        {
            return word[..^3] + "y";
        }
        if (word.EndsWith("es") && !word.EndsWith("aes") && !word.EndsWith("ees") && !word.EndsWith("oes") &&
            (word.EndsWith("sses") || word.EndsWith("xes") || word.EndsWith("ches") || word.EndsWith("shes") || word.EndsWith("zes")))
        {
            return word[..^2];
        }
        if (word.EndsWith('s') && !word.EndsWith("us") && !word.EndsWith("ss") && !word.EndsWith("is"))
        {
            return word[..^1];
        }
        return word;
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "even", "ever", "few", "for", "from", "further", "get", "got", "had",
        "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "if",
        "in", "into", "is", "it", "its", "itself", "just", "last", "like", "made", "make", "many", "may", "me", "might",
        "more", "most", "much", "must", "my", "myself", "new", "no", "nor", "not", "now", "of", "off", "on", "once",
        "one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "said", "same", "say", "says",
        "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "two", "under", "until",
        "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
        "with", "would", "year", "yesterday", "today", "you", "your", "yours", "yourself", "yourselves", "week", "three",
        "first", "according", "another", "around", "back", "way", "well", "us", "next", "time", "take", "within",
        // Markup remnants that survive in agency copy (" quot;", " #39;", "&lt;").
        "quot", "amp", "lt", "gt", "nbsp", "href", "http", "https", "www", "com",
    };
}
