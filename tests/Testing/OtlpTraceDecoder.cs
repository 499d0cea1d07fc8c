using System.Diagnostics;
using System.Text;

namespace Publishing.Testing;

/// <summary>
/// Reads the few fields tests need from an OTLP ExportTraceServiceRequest in protobuf wire format
/// (opentelemetry/proto/trace/v1/trace.proto): service.name, trace and span ids, parent, name and kind.
/// </summary>
public static class OtlpTraceDecoder
{
    public static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1) continue; // ResourceSpans resource_spans = 1
            var service = "";
            var scopeSpans = new List<byte[]>();
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == 1) service = ServiceName(value) ?? service; // Resource resource = 1
                if (f == 2) scopeSpans.Add(value);                   // ScopeSpans scope_spans = 2
            }
            foreach (var scope in scopeSpans)
            {
                foreach (var (f, span) in Fields(scope))
                {
                    if (f == 2) spans.Add(Span(service, span));      // Span spans = 2
                }
            }
        }
        return spans;
    }

    /// <summary>
    /// The service and the name of every metric in an ExportMetricsServiceRequest
    /// (opentelemetry/proto/metrics/v1/metrics.proto): ResourceMetrics = 1, its Resource = 1 and ScopeMetrics = 2,
    /// whose Metric = 2 has its name = 1.
    /// </summary>
    public static IEnumerable<(string Service, string Metric)> MetricNames(byte[] request)
    {
        var names = new List<(string, string)>();
        foreach (var (field, resourceMetrics) in Fields(request))
        {
            if (field != 1) continue;
            var service = "";
            var scopes = new List<byte[]>();
            foreach (var (f, value) in Fields(resourceMetrics))
            {
                if (f == 1) service = ServiceName(value) ?? service;
                if (f == 2) scopes.Add(value);
            }
            foreach (var scope in scopes)
            {
                foreach (var (f, metric) in Fields(scope))
                {
                    if (f != 2) continue;
                    foreach (var (mf, name) in Fields(metric))
                    {
                        if (mf == 1) names.Add((service, Encoding.UTF8.GetString(name)));
                    }
                }
            }
        }
        return names;
    }

    private static ReceivedSpan Span(string service, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0L;
        var position = 0;
        while (position < span.Length)
        {
            var key = Varint(span, ref position);
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            if (wire == 0)
            {
                var number = Varint(span, ref position);
                if (field == 6) kind = (long)number;                        // SpanKind kind = 6
                continue;
            }
            if (wire != 2)
            {
                position += wire == 1 ? 8 : wire == 5 ? 4 : throw new FormatException($"Unexpected wire type {wire}");
                continue;
            }
            var length = (int)Varint(span, ref position);
            var bytes = span.AsSpan(position, length);
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(bytes); break;   // bytes trace_id = 1
                case 2: spanId = Convert.ToHexStringLower(bytes); break;    // bytes span_id = 2
                case 4: parent = Convert.ToHexStringLower(bytes); break;    // bytes parent_span_id = 4
                case 5: name = Encoding.UTF8.GetString(bytes); break;       // string name = 5
            }
            position += length;
        }
        // OTLP: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.
        var activityKind = kind switch
        {
            2 => ActivityKind.Server,
            3 => ActivityKind.Client,
            4 => ActivityKind.Producer,
            5 => ActivityKind.Consumer,
            _ => ActivityKind.Internal,
        };
        return new ReceivedSpan(service, traceId, spanId, parent, name, activityKind);
    }

    private static string? ServiceName(byte[] resource)
    {
        foreach (var (field, keyValue) in Fields(resource))
        {
            if (field != 1) continue; // KeyValue attributes = 1
            string? key = null, value = null;
            foreach (var (f, v) in Fields(keyValue))
            {
                if (f == 1) key = Encoding.UTF8.GetString(v);
                if (f == 2)
                {
                    foreach (var (af, av) in Fields(v))
                    {
                        if (af == 1) value = Encoding.UTF8.GetString(av); // AnyValue.string_value = 1
                    }
                }
            }
            if (key == "service.name") return value;
        }
        return null;
    }

    /// <summary>The length-delimited fields of a message, skipping the others.</summary>
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var position = 0;
        var fields = new List<(int, byte[])>();
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0: Varint(message, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    fields.Add(((int)(key >> 3), message[position..(position + length)]));
                    position += length;
                    break;
                default: throw new FormatException($"Unexpected wire type {wire}");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> buffer, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }
}
