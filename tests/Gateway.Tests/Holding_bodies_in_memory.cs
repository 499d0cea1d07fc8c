using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Publishing.Gateway.Tests;

/// <summary>Alone: it counts every byte the process allocates, which other tests running meanwhile would add to.</summary>
[CollectionDefinition(nameof(Holding_bodies_in_memory), DisableParallelization = true)]
public sealed class MeasuringAllocations;

/// <summary>
/// What a client without a key can make the gateway hold: nothing. Over real HTTP (Kestrel on a free port), twenty
/// chunked 16 MiB uploads at once; read into memory, as they once were, they cost the gateway over 300 MiB.
/// </summary>
[Collection(nameof(Holding_bodies_in_memory))]
public sealed class Holding_bodies_in_memory : IAsyncLifetime
{
    private const int Attempts = 20;
    private const long Bytes = 16L * 1024 * 1024;
    private readonly GatewayFactory _gateway = new();

    [Fact]
    public async Task Should_refuse_chunked_uploads_without_a_key_before_reading_them()
    {
        _gateway.UseKestrel(0);
        _gateway.StartServer();
        var address = _gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var bodies = Enumerable.Range(0, Attempts).Select(_ => new EndlessBody(Bytes)).ToList();

        // The first request pays for what the process sets up once.
        await client.PostAsync("/api/ingest/articles", new StringContent("{}"), TestContext.Current.CancellationToken);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var answers = await Task.WhenAll(bodies.Select(body =>
            client.PostAsync("/api/ingest/articles/batch", new StreamContent(body) { Headers = { ContentType = new("application/json") } }, TestContext.Current.CancellationToken)));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode));
        // What remains is the twenty connections' own buffers (about 30-45 MiB here, whatever the bodies' size), far
        // from the bodies themselves.
        Assert.True(allocated < Attempts * Bytes / 5, $"{allocated / 1024 / 1024} MiB allocated while refusing {Attempts} uploads of {Bytes / 1024 / 1024} MiB");
    }

    /// <summary>A body of the given length made as it is read, of unknown length to the client (so sent chunked).</summary>
    private sealed class EndlessBody(long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, _left);
            buffer[..count].Fill((byte)'[');
            _left -= count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();
}
