using System.Security.Cryptography;
using System.Xml;
using Publishing.Gateway.Caching;
using Publishing.Gateway.Pages;

namespace Publishing.Gateway.Feeds;

/// <summary>
/// <c>GET /feed.atom</c> (of one topic with <c>?topic=</c>): the latest articles as an Atom feed (RFC 4287), for feed
/// readers and aggregators. The same for every reader, so caches may share it for a minute; a reader polling with
/// <c>If-None-Match</c> gets <c>304</c> until an article is published, revised or withdrawn.
/// </summary>
public static class AtomFeed
{
    public const string Path = "/feed.atom";
    private const int Length = 50;

    /// <summary>The feed's address for one topic, or for all articles.</summary>
    public static string For(string? topic) => topic is null ? Path : Path + "?topic=" + Uri.EscapeDataString(topic);

    public static async Task<IResult> Serve(HttpContext context, PageSources sources, PageOptions options, CancellationToken cancellationToken, string? topic = null)
    {
        topic = string.IsNullOrWhiteSpace(topic) ? null : topic.Trim().ToLowerInvariant();
        var latest = await sources.LatestAsync(topic, null, Length, cancellationToken);
        if (!latest.Answered)
        {
            return FeedEndpoints.Unavailable(context, 30, "The latest articles cannot be read right now; try again shortly.");
        }

        var site = Layout.Origin(context.Request);
        var feed = Write(latest.Items, site, topic, options);
        var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(feed))[..32]}\"";
        context.Response.Headers.ETag = tag;
        context.Response.Headers.CacheControl = "public, max-age=60";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (SharedResponses.Matches(context.Request.Headers.IfNoneMatch, tag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(feed, "application/atom+xml; charset=utf-8");
    }

    private static byte[] Write(IReadOnlyList<ListedArticle> articles, string site, string? topic, PageOptions options) =>
        FeedEndpoints.Xml(xml =>
        {
            const string atom = "http://www.w3.org/2005/Atom";
            xml.WriteStartElement("feed", atom);
            xml.WriteElementString("id", atom, site + For(topic));
            xml.WriteElementString("title", atom, Text(topic is null ? options.SiteName : $"{Layout.TopicName(topic)} · {options.SiteName}"));
            // A feed with no entries yet is as new as the request; otherwise as new as its newest entry.
            xml.WriteElementString("updated", atom, Layout.Timestamp(articles.Count > 0 ? articles.Max(a => a.LastChanged) : DateTimeOffset.UtcNow));
            Link(xml, atom, "self", site + For(topic), "application/atom+xml");
            Link(xml, atom, "alternate", site + (topic is null ? "/" : Layout.TopicPath(topic)), "text/html");
            xml.WriteStartElement("author", atom);
            xml.WriteElementString("name", atom, options.SiteName);
            xml.WriteEndElement();
            foreach (var article in articles)
            {
                xml.WriteStartElement("entry", atom);
                xml.WriteElementString("id", atom, "urn:uuid:" + article.Id);
                xml.WriteElementString("title", atom, Text(article.Headline));
                Link(xml, atom, "alternate", site + Layout.ArticlePath(article.Slug), "text/html");
                xml.WriteElementString("published", atom, Layout.Timestamp(article.PublishedAt));
                xml.WriteElementString("updated", atom, Layout.Timestamp(article.LastChanged));
                if (!string.IsNullOrWhiteSpace(article.Summary))
                {
                    xml.WriteElementString("summary", atom, Text(article.Summary));
                }
                foreach (var term in article.Topics ?? [])
                {
                    xml.WriteStartElement("category", atom);
                    xml.WriteAttributeString("term", Text(term));
                    xml.WriteAttributeString("label", Text(Layout.TopicName(term)));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        });

    private static void Link(XmlWriter xml, string atom, string relation, string href, string type)
    {
        xml.WriteStartElement("link", atom);
        xml.WriteAttributeString("rel", relation);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    /// <summary>
    /// The text without the few characters XML cannot carry (control characters, lone surrogates); a character
    /// outside the Basic Multilingual Plane (emoji, rarer CJK ideographs), a pair of surrogates, stays.
    /// </summary>
    internal static string Text(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
        }
        return kept.Length == text.Length ? text : kept.ToString();
    }
}
