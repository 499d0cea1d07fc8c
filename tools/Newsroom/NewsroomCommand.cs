using Publishing.Contracts;

namespace Publishing.Newsroom;

/// <summary>The tool's commands, their options and the environment they fall back on.</summary>
public static class NewsroomCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int SomeRefused = 2;

    public const string Usage = """
        newsroom publish <file|folder|-> [options]   publish articles through the ingest API, in batches
          a .json file (one article or an array), an .ndjson file (one a line), a .csv file (columns headline or title,
          body or text, topics or category, externalId optional), a folder of those, or - for NDJSON on standard input
          --ninjs               the items are ninjs documents, not our JSON
          --batch-size N        items a request (1-1000, default 500)
          --state FILE          what was accepted, so a rerun sends it no more (default newsroom-sent.txt)
          --refused FILE        the refused items, to fix and send again (default newsroom-refused.ndjson; the reasons
                                go beside it, line by line, in FILE with .reasons.ndjson)
        newsroom withdraw <externalId>... [options]   withdraw articles of this newsroom

        options of both:
          --gateway URL         the site (default $NEWSROOM_GATEWAY, else http://127.0.0.1:8080)
          --key KEY             the newsroom's API key (default $NEWSROOM_KEY, else $PUBLISHING_INGEST_KEY)
        exit code: 0 done, 2 some items refused, 1 failed
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, Stream standardInput, CancellationToken cancellationToken)
    {
        if (!Options.TryParse(args, out var options, out var problem))
        {
            await errors.WriteLineAsync(problem + Environment.NewLine + Environment.NewLine + Usage);
            return Failed;
        }
        using var client = new IngestClient(options.Gateway, options.Key);
        try
        {
            return options.Command switch
            {
                "publish" => await new Publisher(client, options, output, errors).PublishAsync(ItemSource.Read(options.Targets[0], options.Ninjs, standardInput), cancellationToken),
                _ => await Withdrawal.RunAsync(client, options.Targets, output, errors, cancellationToken),
            };
        }
        catch (Exception exception) when (exception is IngestClient.RefusedException or HttpRequestException or IOException or InvalidDataException)
        {
            await errors.WriteLineAsync(exception.Message);
            return Failed;
        }
    }
}

public sealed record Options(string Command, IReadOnlyList<string> Targets, Uri Gateway, string Key, bool Ninjs, int BatchSize, string State, string Refused)
{
    public static bool TryParse(string[] args, out Options options, out string problem)
    {
        options = null!;
        problem = "";
        if (args is not [("publish" or "withdraw") and var command, ..])
        {
            problem = "Say what to do: publish or withdraw.";
            return false;
        }
        var targets = new List<string>();
        string? gateway = Environment.GetEnvironmentVariable("NEWSROOM_GATEWAY"), key = Environment.GetEnvironmentVariable("NEWSROOM_KEY") ?? Environment.GetEnvironmentVariable("PUBLISHING_INGEST_KEY");
        string state = "newsroom-sent.txt", refused = "newsroom-refused.ndjson";
        var (ninjs, batchSize) = (false, 500);
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            try
            {
                switch (args[i])
                {
                    case "--gateway": gateway = Value(); break;
                    case "--key": key = Value(); break;
                    case "--ninjs": ninjs = true; break;
                    case "--batch-size": batchSize = int.TryParse(Value(), out var size) && size is >= 1 and <= Limits.BatchItems ? size : throw new ArgumentException($"--batch-size is 1 to {Limits.BatchItems} (the ingest API takes at most {Limits.BatchItems:N0} items a batch)."); break;
                    case "--state": state = Value(); break;
                    case "--refused": refused = Value(); break;
                    case var other when other.StartsWith("--", StringComparison.Ordinal): throw new ArgumentException($"Unknown option {other}.");
                    case var target: targets.Add(target); break;
                }
            }
            catch (ArgumentException wrong)
            {
                problem = wrong.Message;
                return false;
            }
        }
        if (targets.Count == 0 || (command == "publish" && targets.Count > 1))
        {
            problem = command == "publish" ? "Name one file or folder to publish, or - for standard input." : "Name the external ids to withdraw.";
            return false;
        }
        if (string.IsNullOrWhiteSpace(key))
        {
            problem = "Give the newsroom's API key: --key, or NEWSROOM_KEY in the environment.";
            return false;
        }
        if (!Uri.TryCreate(gateway ?? "http://127.0.0.1:8080", UriKind.Absolute, out var site))
        {
            problem = "--gateway is the site's address, such as https://news.example.com.";
            return false;
        }
        options = new Options(command, targets, site, key, ninjs, batchSize, state, refused);
        return true;
    }
}
