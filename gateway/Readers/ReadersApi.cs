using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Gateway.RateLimits;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Publishing.Gateway.Readers;

public static class ReadersApi
{
    public sealed record NewReader(string ReaderId);

    /// <summary>
    /// Reader cookies, with the Data Protection key ring under <c>PUBLISHING_DATA/keys</c>, or under
    /// <c>PUBLISHING_KEYS</c> where gateway replicas share one (a mounted volume or secret). <c>Readers:VerifiedCookies</c>
    /// bounds how many verified cookies are remembered (<see cref="VerifiedCookies"/>).
    /// </summary>
    public static IHostApplicationBuilder AddReaders(this IHostApplicationBuilder builder)
    {
        var keys = builder.Configuration["PUBLISHING_KEYS"] is { Length: > 0 } shared
            ? shared
            : Path.Combine(builder.Configuration["PUBLISHING_DATA"] is { Length: > 0 } data ? data : ".data", "keys");
        builder.Services.AddDataProtection()
            .SetApplicationName("publishing-gateway")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(keys)));
        builder.Services.AddSingleton(new VerifiedCookies(
            builder.Configuration.GetValue("Readers:VerifiedCookies", VerifiedCookies.DefaultCapacity)));
        builder.Services.AddSingleton<ReaderIdentity>();
        builder.Services.AddSingleton(services => new ReaderRecommendations(
            services.GetRequiredService<TimeProvider>(),
            builder.Configuration.GetValue("Readers:RecommendationsKeptFor", ReaderRecommendations.DefaultKeptFor),
            builder.Configuration.GetValue("Readers:VerifiedCookies", VerifiedCookies.DefaultCapacity)));
        return builder;
    }

    /// <summary>Every proxied request carries the verified reader id, and never one the client made up.</summary>
    public static TransformBuilderContext ForwardReader(this TransformBuilderContext transforms)
    {
        transforms.AddRequestTransform(context =>
        {
            var headers = context.ProxyRequest.Headers;
            headers.Remove(ReaderIdentity.ForwardedHeader);
            headers.Remove("X-Reader-Id");
            var readerId = context.HttpContext.RequestServices.GetRequiredService<ReaderIdentity>().Read(context.HttpContext);
            if (readerId is not null)
            {
                headers.TryAddWithoutValidation(ReaderIdentity.ForwardedHeader, readerId);
            }
            return ValueTask.CompletedTask;
        });
        return transforms;
    }

    /// <summary>A vote that Voting took (<c>POST</c>/<c>DELETE /api/articles/{id}/votes</c>) drops what the gateway keeps of the reader's recommendations.</summary>
    public static TransformBuilderContext ForgetRecommendationsOnVote(this TransformBuilderContext transforms)
    {
        transforms.AddResponseTransform(context =>
        {
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method)
                && context.ProxyResponse is { IsSuccessStatusCode: true }
                && context.HttpContext.RequestServices.GetRequiredService<ReaderIdentity>().Read(context.HttpContext) is { } readerId)
            {
                context.HttpContext.RequestServices.GetRequiredService<ReaderRecommendations>().Voted(readerId);
            }
            return ValueTask.CompletedTask;
        });
        return transforms;
    }

    public static IEndpointRouteBuilder MapReadersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/readers", Results<Created<NewReader>, ProblemHttpResult> (HttpContext context, ReaderIdentity readers) =>
            readers.TryIssue(context, out var retryAfter) is { } readerId
                ? TypedResults.Created((string?)null, new NewReader(readerId))
                : ReaderRateLimits.TooMany(context, retryAfter)).WithTags("Readers");
        app.MapGet("/api/readers/me", PersonalPart.Show).WithTags("Readers");
        return app;
    }
}
