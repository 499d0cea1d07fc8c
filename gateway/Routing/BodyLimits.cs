using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Newsrooms;

namespace Publishing.Gateway.Routing;

/// <summary>
/// A body limit for every request (API.md): 1 MiB an ingest submission, 16 MiB a batch, 1 KiB anything else (the
/// vote form, the votes and readers API: a few bytes at most). A body over its limit is answered 413 here and never
/// reaches a service.
/// <para>
/// Nothing here lets a client without a key make the gateway hold its body: an ingest request that presents no key
/// is refused before a byte is read. A body of unknown length (chunked) is read up to its limit first, so that the
/// answer is the same 413 rather than a connection the proxy breaks off halfway; only its first
/// <see cref="InMemory"/> bytes stay in memory (the rest spills to a temporary file), and at most
/// <see cref="BufferedAtOnce"/> bodies are read ahead at once: the others wait, then get a 503.
/// </para>
/// </summary>
public static class BodyLimits
{
    public const int InMemory = 64 * 1024;
    public const int BufferedAtOnce = 8;
    private static readonly TimeSpan WaitForBuffer = TimeSpan.FromSeconds(5);

    public static long For(PathString path) =>
        path.StartsWithSegments("/api/ingest/articles/batch", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api/ingest/ninjs/batch", StringComparison.OrdinalIgnoreCase) ? Limits.BatchRequestBytes
        : IsIngest(path) ? Limits.ArticleRequestBytes
        : Limits.OtherRequestBytes;

    private static bool IsIngest(PathString path) => path.StartsWithSegments("/api/ingest", StringComparison.OrdinalIgnoreCase);

    public static WebApplication UseBodyLimits(this WebApplication app)
    {
        var buffers = new SemaphoreSlim(BufferedAtOnce, BufferedAtOnce);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var limit = For(request.Path);
            if (IsIngest(request.Path) && NewsroomKeyHeader.Presented(request.Headers) is null)
            {
                context.Response.Headers.WWWAuthenticate = "ApiKey";
                // The body stays unread: the connection closes after the answer rather than draining it.
                context.Response.Headers.Connection = "close";
                await Refuse(context, StatusCodes.Status401Unauthorized, NewsroomKeyHeader.Missing);
                return;
            }
            if (request.ContentLength > limit)
            {
                await TooLarge(context, limit);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            if (request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false
                && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
            {
                if (!await buffers.WaitAsync(WaitForBuffer, context.RequestAborted))
                {
                    context.Response.Headers.RetryAfter = ((int)WaitForBuffer.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    await Refuse(context, StatusCodes.Status503ServiceUnavailable, "Too many bodies of unknown length are being received: send again shortly, or send Content-Length.");
                    return;
                }
                try
                {
                    if (!await BufferAsync(context, limit))
                    {
                        await TooLarge(context, limit);
                        return;
                    }
                }
                finally
                {
                    buffers.Release();
                }
            }
            await next(context);
        });
        return app;
    }

    /// <summary>Reads a body of unknown length into memory and a temporary file; false once it passes the limit.</summary>
    private static async Task<bool> BufferAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        var buffered = new FileBufferingReadStream(request.Body, InMemory, bufferLimit: null, Path.GetTempPath());
        context.Response.RegisterForDisposeAsync(buffered);
        var chunk = new byte[16 * 1024];
        long length = 0;
        int read;
        while ((read = await buffered.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            length += read;
            if (length > limit)
            {
                return false;
            }
        }
        buffered.Position = 0;
        request.Body = buffered;
        request.Headers.TransferEncoding = default;
        request.ContentLength = length;
        return true;
    }

    private static Task TooLarge(HttpContext context, long limit) =>
        Refuse(context, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {Size(limit)}, the most {context.Request.Path} accepts.");

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024 / 1024} MiB" : $"{bytes / 1024} KiB";

    private static Task Refuse(HttpContext context, int status, string detail) =>
        Results.Problem(statusCode: status, detail: detail).ExecuteAsync(context);
}
