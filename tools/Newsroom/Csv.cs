using System.Text.Json.Nodes;
using Publishing.Corpus;

namespace Publishing.Newsroom;

/// <summary>
/// Articles from a spreadsheet or a corpus (the bundled <c>data/agnews-test.csv</c>): a header row naming the columns
/// <c>headline</c> (or <c>title</c>), <c>body</c> (or <c>text</c>), <c>topics</c> (or <c>category</c>; several split
/// by <c>;</c>), and optionally <c>externalId</c>, <c>summary</c>, <c>dateline</c>, <c>publishedAt</c>. Without an
/// <c>externalId</c> column an item is named after its file and row, so a rerun names it the same.
/// </summary>
public static class Csv
{
    public static IEnumerable<Item> Articles(string path)
    {
        using var records = CsvRecords.Read(path).GetEnumerator();
        var header = records.MoveNext() ? records.Current : throw new InvalidDataException($"{path} is empty.");
        int Column(params string[] names) => header.FindIndex(h => names.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
        var (id, headline, body, topics) = (Column("externalId"), Column("headline", "title"), Column("body", "text"), Column("topics", "category"));
        var optional = new[] { "summary", "dateline", "publishedAt", "byline", "language" }.Select(name => (name, Column(name))).Where(c => c.Item2 >= 0).ToList();
        if (headline < 0 || body < 0)
        {
            throw new InvalidDataException($"{path}: the header needs a headline (or title) and a body (or text) column.");
        }
        var name = Path.GetFileNameWithoutExtension(path);
        for (var number = 2; records.MoveNext(); number++)
        {
            var row = records.Current;
            string Cell(int index) => index >= 0 && index < row.Count ? row[index] : "";
            var article = new JsonObject
            {
                ["externalId"] = id >= 0 ? Cell(id) : $"{name}-{number}",
                ["headline"] = Cell(headline),
                ["body"] = Cell(body),
            };
            if (topics >= 0)
            {
                article["topics"] = new JsonArray(Cell(topics).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (JsonNode)t).ToArray());
            }
            foreach (var (field, index) in optional.Where(c => Cell(c.Item2).Length > 0))
            {
                article[field] = Cell(index);
            }
            yield return new Item(article.ToJsonString(), $"{path}:{number}");
        }
    }
}
