using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Publishing.ServiceDefaults.Sanitizing;

/// <summary>
/// What a newsroom's text may contain once stored. Bodies keep ordinary article markup and lose everything that
/// runs code or embeds other pages; headlines and the other short fields are plain text.
/// <para>
/// One policy for the whole system: Ingest applies it before a body is stored, and the gateway again where it
/// renders one, so that a body that reached the store some other way (a message put on the bus, a store edited by
/// hand) is no more than article markup on the page.
/// </para>
/// </summary>
public static partial class ArticleHtml
{
    private static readonly HtmlSanitizer Sanitizer = new(new HtmlSanitizerOptions
    {
        // An allow-list: anything not named here (script, style, iframe, object, embed, form and its inputs, svg,
        // math, base, meta, link) is removed with its content where it is a container of code.
        AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "p", "br", "hr", "div", "span", "section", "article", "aside", "header", "footer",
            "h1", "h2", "h3", "h4", "h5", "h6",
            "a", "em", "strong", "b", "i", "u", "s", "small", "mark", "sub", "sup", "abbr", "cite", "q", "dfn",
            "code", "pre", "kbd", "samp", "var", "time", "del", "ins",
            "ul", "ol", "li", "dl", "dt", "dd",
            "blockquote", "figure", "figcaption", "img", "picture",
            "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
        },
        // No on* handlers, no style: only attributes that describe content.
        AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "href", "src", "alt", "title", "width", "height", "cite", "datetime", "lang", "dir",
            "colspan", "rowspan", "scope", "start", "reversed", "type", "class", "id", "rel",
        },
        AllowedCssProperties = new HashSet<string>(),
        // http(s) and mailto only: no javascript:, no data: (an image's data: URL can carry SVG with script).
        AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
        UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite", "action", "formaction", "longdesc", "poster", "background" },
    });

    // AngleSharp does not promise that one parser serves several threads at once.
    private static readonly ThreadLocal<HtmlParser> Parser = new(() => new HtmlParser());

    /// <summary>The body as safe HTML: markup is sanitized, plain text becomes paragraphs.</summary>
    public static string Body(string body) =>
        LooksLikeHtml(body) ? Sanitizer.Sanitize(body).Trim() : Paragraphs(body);

    /// <summary>Text without markup: tags dropped, character references decoded, white space collapsed.</summary>
    public static string PlainText(string text)
    {
        var plain = text.AsSpan().IndexOfAny('<', '&') < 0
            ? text
            : Parser.Value!.ParseDocument("<body>" + text).Body?.TextContent ?? "";
        return Whitespace().Replace(plain, " ").Trim();
    }

    /// <summary>Whether sanitized HTML still says anything a reader could see.</summary>
    public static bool HasContent(string html) =>
        PlainText(html).Length > 0 || html.Contains("<img", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeHtml(string body) => Tag().IsMatch(body);

    private static string Paragraphs(string text)
    {
        var html = new StringBuilder();
        foreach (var paragraph in BlankLines().Split(text.Replace("\r\n", "\n").Trim()))
        {
            if (paragraph.Trim() is { Length: > 0 } p)
            {
                html.Append("<p>").Append(Escape(p).Replace("\n", "<br>")).Append("</p>");
            }
        }
        return html.ToString();
    }

    // Only what HTML needs escaped: letters of every language stay as they are, readable in the stored body.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    [GeneratedRegex(@"<[a-zA-Z!/?]")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
