using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.ServiceDefaults.Lists;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Ranking.Lists;

/// <summary>The answer of every list: <c>{ "items": [...] }</c>.</summary>
public sealed record ListAnswer(IReadOnlyList<ListedArticle> Items)
{
    public const int DefaultLimit = 10;

    /// <summary>A 503 while the model is rebuilt at start-up: the pages show the list empty rather than wait for it.</summary>
    public static ProblemHttpResult Rebuilding(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return ProblemDetailsExtensions.Problem(StatusCodes.Status503ServiceUnavailable, "The lists are being rebuilt from the store; try again shortly.");
    }

    /// <summary>The <c>limit</c> query parameter (1-100, default 10), or the 400 that names it.</summary>
    public static bool TryLimit(string? limit, out int value, out ValidationProblem? problem)
    {
        problem = ListLimit.TryParse(limit, DefaultLimit, out value)
            ? null
            : ProblemDetailsExtensions.Invalid(new Dictionary<string, string[]> { ["limit"] = [ListLimit.Error] });
        return problem is null;
    }
}
