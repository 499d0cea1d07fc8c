using Publishing.ServiceDefaults.Sanitizing;

namespace Publishing.Ingest.Tests;

public sealed class Sanitizing_article_html
{
    [Theory]
    [InlineData("<p>Hi</p><script>alert(1)</script>", "script")]
    [InlineData("<p onclick=\"steal()\">Hi</p>", "onclick")]
    [InlineData("<img src=\"x.jpg\" onerror=\"steal()\">", "onerror")]
    [InlineData("<a href=\"javascript:alert(1)\">Hi</a>", "javascript:")]
    [InlineData("<a href=\" JaVaScRiPt:alert(1)\">Hi</a>", "alert")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">Hi</a>", "alert")]
    [InlineData("<p>Hi</p><iframe src=\"https://evil.example\"></iframe>", "iframe")]
    [InlineData("<p>Hi</p><object data=\"x.swf\"></object><embed src=\"x.swf\">", "object")]
    [InlineData("<p>Hi</p><form action=\"https://evil.example\"><input name=\"password\"><button>Go</button></form>", "form")]
    [InlineData("<p>Hi</p><form action=\"https://evil.example\"><input name=\"password\"></form>", "input")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "data:")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">Hi</p>", "style")]
    [InlineData("<svg><script>alert(1)</script></svg><p>Hi</p>", "svg")]
    [InlineData("<p>Hi</p><style>p { display: none }</style>", "display")]
    [InlineData("<base href=\"https://evil.example/\"><p>Hi</p>", "base")]
    [InlineData("<p>Hi</p><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", "refresh")]
    public void Should_remove_what_runs_code_or_embeds_pages(string html, string removed)
    {
        var safe = ArticleHtml.Body(html);

        Assert.DoesNotContain(removed, safe, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<p>SEOUL (AP) — <em>North</em> <strong>Korean</strong> leader</p>")]
    [InlineData("<h2>Heading</h2><h3>Sub</h3><p>Text<br>more</p>")]
    [InlineData("<ul><li>One</li><li>Two</li></ul><ol><li>First</li></ol>")]
    [InlineData("<blockquote cite=\"https://example.com/\"><p>Quoted</p></blockquote>")]
    [InlineData("<figure><img src=\"https://example.com/a.jpg\" alt=\"A picture\"><figcaption>Caption</figcaption></figure>")]
    [InlineData("<p><a href=\"https://apnews.com/article/1\">AP</a> and <a href=\"mailto:desk@example.com\">the desk</a></p>")]
    public void Should_keep_ordinary_article_markup(string html)
    {
        Assert.Equal(html, ArticleHtml.Body(html));
    }

    [Fact]
    public void Should_turn_plain_text_into_paragraphs_with_markup_characters_escaped()
    {
        Assert.Equal("<p>First line<br>same paragraph</p><p>Tom &amp; Jerry &lt; 3</p>", ArticleHtml.Body("First line\nsame paragraph\n\nTom & Jerry < 3"));
    }

    /// <summary>Headlines and bodies alike: blocks part words, inline markup does not; references decoded, white space collapsed, scripts and styles no text.</summary>
    [Theory]
    [InlineData("Kim <em>vows</em> to bolster", "Kim vows to bolster")]
    [InlineData("  Q&amp;A:   the   vote ", "Q&A: the vote")]
    [InlineData("<script>x</script>Headline", "Headline")]
    [InlineData("1 < 2 and 3 > 2", "1 < 2 and 3 > 2")]
    [InlineData("<p>First paragraph.</p><p>Second</p>", "First paragraph. Second")]
    [InlineData("<h2>Heading</h2>Text<br>more", "Heading Text more")]
    [InlineData("<ul><li>One</li><li>Two</li></ul><table><tr><td>a</td><td>b</td></tr></table>", "One Two a b")]
    [InlineData("<div>a<div>b</div>c</div>", "a b c")]
    [InlineData("<p>ne<b>ws</b> and <a href=\"https://example.com/\">li</a>nks</p>", "news and links")]
    [InlineData("<p>H<sub>2</sub>O at 10<sup>3</sup></p>", "H2O at 103")]
    [InlineData("<p>Tom &amp; Jerry&nbsp;&mdash; &#8220;cat&#x201D; &lt;3</p>", "Tom & Jerry — “cat” <3")]
    [InlineData("<p>\n  spaced \t\n out  </p>\n\n<p> again </p>", "spaced out again")]
    [InlineData("<p>Hi</p><style>p { color: red }</style><script>alert(1)</script><!-- note -->", "Hi")]
    public void Should_read_html_as_a_reader_reads_it(string html, string text)
    {
        Assert.Equal(text, ArticleHtml.PlainText(html));
    }

    [Fact]
    public void Should_read_markup_nested_deeper_than_a_call_stack_goes()
    {
        const int depth = 20_000;
        var html = string.Concat(Enumerable.Repeat("<div>", depth)) + "deep" + string.Concat(Enumerable.Repeat("</div>", depth));

        Assert.Equal("deep", ArticleHtml.PlainText(html));
    }
}
