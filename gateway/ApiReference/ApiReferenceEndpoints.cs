using Publishing.ServiceDefaults.Problems;
using Scalar.AspNetCore;

namespace Publishing.Gateway.ApiReference;

/// <summary>
/// The public API described in one document (<see cref="PublicApiDocument"/>) and a page to read it and send requests
/// with a newsroom's key: Scalar, served from the package's own assets. Nothing of it leaves the site: no fonts, no
/// telemetry, no agent, no request proxy.
/// </summary>
public static class ApiReferenceEndpoints
{
    public const string PagePath = "/api-reference";

    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(nameof(PublicApiDocument), client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<PublicApiDocument>();
        return builder;
    }

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        // A literal route: it wins over the gateway's own document at /openapi/{documentName}.json, which it includes.
        app.MapGet(PublicApiDocument.Path, async (PublicApiDocument document, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (await document.GetAsync(cancellationToken) is not { } merged)
            {
                context.Response.Headers.RetryAfter = "5";
                return ProblemDetailsExtensions.Problem(StatusCodes.Status503ServiceUnavailable, "A service has not described its API yet.");
            }
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Text(merged, "application/json; charset=utf-8");
        }).ExcludeFromDescription();
        app.MapScalarApiReference(PagePath, options => options
            .WithTitle("Publishing API")
            .AddDocument("v1", "Publishing API", PublicApiDocument.Path)
            .AddPreferredSecuritySchemes("NewsroomApiKey")
            .WithFavicon("/favicon.ico")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()).ExcludeFromDescription();
        return app;
    }
}
