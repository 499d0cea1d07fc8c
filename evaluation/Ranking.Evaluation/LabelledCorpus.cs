using Publishing.Corpus;

namespace Publishing.Ranking.Evaluation;

/// <summary>One item of a labelled corpus; the label is what the evaluation checks, never what the model sees.</summary>
public sealed record LabelledArticle(Guid Id, string Label, string Headline, string Text);

/// <summary>The AG News test split (<c>data/agnews-test.csv</c>: <c>category,title,text</c>, RFC 4180 quoting).</summary>
public static class LabelledCorpus
{
    /// <summary>The repository's copy, found from the working folder or the program's folder upwards.</summary>
    public static string DefaultPath()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "data", "agnews-test.csv");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new FileNotFoundException("data/agnews-test.csv was not found above the working folder; pass its path.");
    }

    /// <summary>
    /// The items in file order, at most <paramref name="perLabel"/> of each label when given (the first ones, so a
    /// subset is the same on every run). Ids are derived from the row number, so they are stable too.
    /// </summary>
    public static IReadOnlyList<LabelledArticle> Load(string path, int? perLabel = null)
    {
        var items = new List<LabelledArticle>();
        var taken = new Dictionary<string, int>();
        var row = 0;
        foreach (var fields in CsvRecords.Read(path).Skip(1))
        {
            row++;
            if (fields.Count < 3)
            {
                continue;
            }
            var label = fields[0];
            if (perLabel is { } limit && taken.GetValueOrDefault(label) >= limit)
            {
                continue;
            }
            taken[label] = taken.GetValueOrDefault(label) + 1;
            // The corpus escaped its newlines as backslashes.
            items.Add(new LabelledArticle(IdOf(row), label, fields[1].Replace('\\', ' '), fields[2].Replace('\\', ' ')));
        }
        return items;
    }

    private static Guid IdOf(int row)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, row);
        bytes[15] = 0xA6;
        return new Guid(bytes);
    }
}
