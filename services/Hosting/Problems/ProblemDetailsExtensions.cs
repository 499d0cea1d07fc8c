using Microsoft.AspNetCore.Http.HttpResults;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Publishing.ServiceDefaults.Problems;

/// <summary>RFC 9457 answers for every error: a type, a title, the status and the trace id; never a stack trace.</summary>
public static class ProblemDetailsExtensions
{
    // ASP.NET fills in a type for the common codes only; these complete the ones this system answers.
    private static readonly Dictionary<int, (string Type, string Title)> Known = new()
    {
        [StatusCodes.Status410Gone] = ("https://tools.ietf.org/html/rfc9110#section-15.5.11", "Gone"),
        [StatusCodes.Status413PayloadTooLarge] = ("https://tools.ietf.org/html/rfc9110#section-15.5.14", "Content Too Large"),
        [StatusCodes.Status415UnsupportedMediaType] = ("https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported Media Type"),
        [StatusCodes.Status422UnprocessableEntity] = ("https://tools.ietf.org/html/rfc9110#section-15.5.21", "Unprocessable Content"),
        [StatusCodes.Status429TooManyRequests] = ("https://tools.ietf.org/html/rfc6585#section-4", "Too Many Requests"),
        [StatusCodes.Status503ServiceUnavailable] = ("https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service Unavailable"),
    };

    public static IServiceCollection AddPublishingProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (Known.TryGetValue(status, out var known))
            {
                problem.Type ??= known.Type;
                problem.Title ??= known.Title;
            }
            problem.Type ??= "about:blank";
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            // Exception details never leave the process.
            problem.Extensions.Remove("exception");
        });

    public static WebApplication UsePublishingProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Kestrel's own refusals (body too large, malformed request) keep their status code.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>A problem answer with a status and a detail, typed for minimal-API result unions.</summary>
    public static ProblemHttpResult Problem(int status, string detail, string? title = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>A 400 naming each field that is wrong.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is invalid.");
}
