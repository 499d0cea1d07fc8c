using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Publishing.Corpus;

namespace Publishing.Launcher.Demo;

/// <summary>
/// The bundled demo articles as ingest submissions: the seed article (<c>data/seed-page.json</c>) and a few hundred
/// AG News items (<c>data/agnews-test.csv</c>), tidied into what a newsroom would send, published over recent days.
/// </summary>
public static partial class DemoArticles
{
    public const int PerTopic = 80;
    private static readonly TimeSpan Spread = TimeSpan.FromDays(5);

    /// <summary>AG News categories, as the topics a newsroom would tag them with.</summary>
    private static readonly Dictionary<string, string> Topics = new()
    {
        ["World"] = "world",
        ["Sports"] = "sports",
        ["Business"] = "business",
        ["Sci/Tech"] = "technology",
    };

    public sealed record Seed(JsonObject Submission, string Headline, int Votes);

    /// <summary>The seed article, published a few minutes ago so that it leads the front page.</summary>
    public static Seed SeedArticle(string dataFolder, DateTimeOffset now)
    {
        var page = JsonNode.Parse(File.ReadAllText(Path.Combine(dataFolder, "seed-page.json")))!.AsObject();
        var article = page["article"]!.DeepClone().AsObject();
        article["publishedAt"] = now.AddMinutes(-12).ToString("O");
        return new Seed(article, (string)article["headline"]!, (int)page["votes_shown"]!);
    }

    /// <summary>Newest first, the same items every time (only the times move with <paramref name="now"/>).</summary>
    public static IReadOnlyList<JsonObject> NewsItems(string dataFolder, DateTimeOffset now)
    {
        var taken = Topics.Values.ToDictionary(topic => topic, _ => 0);
        var items = new List<JsonObject>();
        foreach (var (row, index) in CsvRecords.Read(Path.Combine(dataFolder, "agnews-test.csv")).Skip(1).Select((row, i) => (row, i + 1)))
        {
            if (row.Count != 3 || !Topics.TryGetValue(row[0], out var topic) || taken[topic] == PerTopic)
            {
                continue;
            }
            taken[topic]++;
            var (agency, dateline, text) = SplitSource(Tidy(row[2]));
            var item = new JsonObject
            {
                ["externalId"] = $"agnews-test-{index}",
                ["headline"] = AgencySuffix().Replace(Tidy(row[1]), ""),
                ["summary"] = text,
                ["body"] = "<p>" + WebUtility.HtmlEncode(text) + "</p>",
                ["topics"] = new JsonArray(topic),
                ["language"] = "en",
            };
            if (dateline is not null)
            {
                item["dateline"] = dateline;
            }
            if (agency is not null)
            {
                item["byline"] = agency;
            }
            items.Add(item);
        }
        // The corpus comes sorted by nothing in particular: mix the topics as a day's news mixes them.
        items = items
            .Select((item, order) => (item, order, topic: (string)item["topics"]![0]!))
            .GroupBy(x => x.topic)
            .SelectMany(group => group.Select((x, rank) => (x.item, rank, x.order)))
            .OrderBy(x => x.rank).ThenBy(x => x.order)
            .Select(x => x.item)
            .ToList();
        // Evenly over the last days, a little irregular, the newest first.
        var random = new Random(2004);
        var step = Spread / items.Count;
        for (var i = 0; i < items.Count; i++)
        {
            var age = step * (i + 1) + TimeSpan.FromSeconds(random.Next(0, (int)step.TotalSeconds));
            items[i]["publishedAt"] = (now - age).ToString("O");
        }
        return items;
    }

    /// <summary>The corpus keeps its source's artefacts (<c>\</c> for line breaks, <c> #39;</c> for entities): undo them.</summary>
    private static string Tidy(string text)
    {
        text = NumberedEntity().Replace(text.Replace('\\', ' '), match => int.Parse(match.Groups[1].Value) switch
        {
            // Windows-1252 punctuation, as the original pages had it.
            145 => "‘", 146 => "’", 147 => "“", 148 => "”", 150 => "–", 151 => "—",
            var code => ((char)code).ToString(),
        });
        text = NamedEntity().Replace(text, match => WebUtility.HtmlDecode("&" + match.Groups[1].Value + ";"));
        text = WebUtility.HtmlDecode(text);
        // Stock tickers such as "Dell Inc. <DELL.O>" go, and the space they leave before a comma with them.
        return Space().Replace(Tag().Replace(text, ""), " ").Replace(" ,", ",").Trim();
    }

    /// <summary>"LONDON (Reuters) - Text" is a dateline and the text; "AP - Text" an agency and the text.</summary>
    private static (string? Agency, string? Dateline, string Text) SplitSource(string text) =>
        LeadingDateline().Match(text) is { Success: true } dateline ? (null, dateline.Groups[1].Value.Trim(), text[dateline.Length..])
        : LeadingAgency().Match(text) is { Success: true } agency ? (agency.Groups[1].Value, null, text[agency.Length..])
        : (null, null, text);

    [GeneratedRegex(@"\s?#(\d{2,4});")]
    private static partial Regex NumberedEntity();

    [GeneratedRegex(@"\s(quot|amp|lt|gt|hellip);")]
    private static partial Regex NamedEntity();

    [GeneratedRegex(@"<[^>]{0,200}>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"\s*\((?:AP|AFP|Reuters|[A-Za-z]+\.(?:com|net|org))\)$")]
    private static partial Regex AgencySuffix();

    [GeneratedRegex(@"^([A-Z][A-Za-z .,'/&]{1,50}\((?:AP|AFP|Reuters|[A-Za-z]+\.(?:com|net|org))\))\s+-{1,2}\s+")]
    private static partial Regex LeadingDateline();

    [GeneratedRegex(@"^(AP|AFP|Reuters|[A-Za-z]+\.(?:com|net|org))\s+-{1,2}\s+")]
    private static partial Regex LeadingAgency();
}
