using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
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

    /// <summary>
    /// The text of HTML as a reader reads it, the one conversion of the system (a headline made plain at Ingest, a body
    /// made the text other services rank and relate, a body compared with its standfirst on the page): the words of two
    /// blocks (paragraphs, headings, list items, cells, line breaks) stay apart, a word split by inline markup
    /// (<c>ne&lt;b&gt;ws&lt;/b&gt;</c>) stays whole, scripts and styles say nothing, character references are decoded and
    /// white space is collapsed.
    /// </summary>
    public static string PlainText(string html)
    {
        if (html.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return Whitespace().Replace(html, " ").Trim();
        }
        var text = new StringBuilder(html.Length);
        // Depth first with a stack of its own: a body may nest thousands of elements, deeper than a call stack goes.
        var pending = new Stack<(INode Node, bool Closing)>();
        pending.Push((Parser.Value!.ParseDocument("<body>" + html).Body!, false));
        while (pending.TryPop(out var entry))
        {
            if (entry.Closing)
            {
                text.Append(' ');
                continue;
            }
            switch (entry.Node)
            {
                case IText words:
                    text.Append(words.Data);
                    break;
                case IElement element when !Silent.Contains(element.LocalName):
                    if (!Inline.Contains(element.LocalName))
                    {
                        text.Append(' ');
                        pending.Push((element, true));
                    }
                    for (var i = element.ChildNodes.Length - 1; i >= 0; i--)
                    {
                        pending.Push((element.ChildNodes[i], false));
                    }
                    break;
            }
        }
        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    /// <summary>Elements inside a run of text: every other element (a block, a line break) parts the words around it.</summary>
    private static readonly FrozenSet<string> Inline = FrozenSet.ToFrozenSet(
    [
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins", "kbd",
        "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
        "var", "wbr",
    ]);

    /// <summary>Elements whose content is no text for a reader.</summary>
    private static readonly FrozenSet<string> Silent = FrozenSet.ToFrozenSet(["script", "style", "template"]);

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
