using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Publishing.Newsroom;

/// <summary>One item to send: its JSON on one line, and where it came from (file and item or line), for the reports.</summary>
public sealed record Item(string Json, string Origin);

/// <summary>The items of a file, a folder or standard input, read lazily so that a backfill of any size streams.</summary>
public static class ItemSource
{
    private static readonly string[] Extensions = [".json", ".ndjson", ".jsonl", ".csv"];

    public static IEnumerable<Item> Read(string target, bool ninjs, Stream standardInput)
    {
        if (target == "-")
        {
            return Lines(() => new StreamReader(standardInput, Encoding.UTF8), "stdin");
        }
        if (Directory.Exists(target))
        {
            return Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
                .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .SelectMany(file => File(file, ninjs));
        }
        return System.IO.File.Exists(target) ? File(target, ninjs) : throw new IOException($"No file or folder {target}.");
    }

    private static IEnumerable<Item> File(string path, bool ninjs) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".ndjson" or ".jsonl" => Lines(() => new StreamReader(path, Encoding.UTF8), path),
        ".csv" when ninjs => throw new InvalidDataException($"{path}: a CSV file holds articles in our JSON's fields, not ninjs."),
        ".csv" => Csv.Articles(path),
        _ => Json(path),
    };

    /// <summary>Opened anew on each enumeration: a file's items are counted first (for the progress bar), then sent.</summary>
    private static IEnumerable<Item> Lines(Func<TextReader> open, string origin)
    {
        using (var reader = open())
        {
            var number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    yield return new Item(line.Trim(), $"{origin}:{number}");
                }
            }
        }
    }

    private static IEnumerable<Item> Json(string path)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(System.IO.File.ReadAllText(path));
        }
        catch (JsonException unreadable)
        {
            throw new InvalidDataException($"{path} is not JSON: {unreadable.Message}");
        }
        return document is JsonArray items
            ? items.Select((item, index) => new Item(item?.ToJsonString() ?? "null", $"{path}[{index}]")).ToList()
            : [new Item(document?.ToJsonString() ?? "null", path)];
    }
}
