using Microsoft.AspNetCore.Http.Features;

namespace Publishing.Gateway.Routing;

/// <summary>
/// The ingest API's body limits (API.md): 1 MiB a submission, 16 MiB a batch (of our JSON or of ninjs). A body over
/// its limit is answered 413 here and never reaches the service. A body of unknown length (chunked) is read up to the
/// limit first, so that the answer is the same 413 rather than a connection the proxy breaks off halfway.
/// </summary>
public static class BodyLimits
{
    public const long Article = 1024 * 1024;
    public const long Batch = 16 * 1024 * 1024;

    public static long? For(PathString path) =>
        path.StartsWithSegments("/api/ingest/articles/batch", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api/ingest/ninjs/batch", StringComparison.OrdinalIgnoreCase) ? Batch
        : path.StartsWithSegments("/api/ingest", StringComparison.OrdinalIgnoreCase) ? Article
        : null;

    public static WebApplication UseBodyLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (For(context.Request.Path) is not { } limit)
            {
                await next(context);
                return;
            }
            var request = context.Request;
            if (request.ContentLength > limit)
            {
                await TooLarge(context, limit);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            if (request.ContentLength is null && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
            {
                var buffered = new MemoryStream();
                var chunk = new byte[64 * 1024];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
                {
                    if (buffered.Length + read > limit)
                    {
                        await TooLarge(context, limit);
                        return;
                    }
                    buffered.Write(chunk, 0, read);
                }
                buffered.Position = 0;
                request.Body = buffered;
                request.Headers.TransferEncoding = default;
                request.ContentLength = buffered.Length;
                context.Response.RegisterForDispose(buffered);
            }
            await next(context);
        });
        return app;
    }

    private static Task TooLarge(HttpContext context, long limit) =>
        Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            detail: $"The body is larger than {limit / 1024 / 1024} MiB, the most {context.Request.Path} accepts.")
        .ExecuteAsync(context);
}
