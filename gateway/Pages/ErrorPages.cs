using Microsoft.AspNetCore.Http.HttpResults;
using static Publishing.Gateway.Pages.Markup;

namespace Publishing.Gateway.Pages;

/// <summary>Pages for what a reader can run into: an address that leads nowhere, a withdrawn article, a service down.</summary>
public static class ErrorPages
{
    public static ContentHttpResult NotFound(Layout layout) => Page(layout, StatusCodes.Status404NotFound,
        "Page not found", "There is no article at this address. It may have been mistyped, or never existed.");

    public static ContentHttpResult Gone(Layout layout) => Page(layout, StatusCodes.Status410Gone,
        "Article withdrawn", "Its newsroom has withdrawn this article. It is no longer available.");

    public static ContentHttpResult Unavailable(Layout layout) => Page(layout, StatusCodes.Status503ServiceUnavailable,
        "Temporarily unavailable", "This article cannot be shown right now. Please try again in a moment.");

    /// <summary>Any other address a browser asks for: a page; anything else keeps the problem+json 404 of the API.</summary>
    public static IResult Fallback(HttpContext context, Layout layout) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            ? NotFound(layout)
            : TypedResults.NotFound();

    private static ContentHttpResult Page(Layout layout, int status, string title, string explanation) =>
        ReaderPages.Page(layout.Document(title, explanation, Html($"""
            <div class="error-page">
              <p class="error-code">{status}</p>
              <h1>{title}</h1>
              <p>{explanation}</p>
              <p><a href="/">Go to the front page</a></p>
            </div>
            """)), status);
}
