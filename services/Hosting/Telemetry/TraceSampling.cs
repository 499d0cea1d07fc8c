using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Publishing.ServiceDefaults.Telemetry;

/// <summary>
/// Which traces are exported: <c>OTEL_TRACES_SAMPLER_ARG</c>, the share of new traces kept (0 to 1; 1, every trace, by
/// default). A trace started elsewhere follows its caller's choice (parent-based), so a trace is whole or absent. Spans
/// of traces not kept are still recorded, and one that ends in error is exported all the same: errors are never
/// sampled away.
/// </summary>
public sealed record TraceSampling(double Ratio)
{
    public static TraceSampling From(IConfiguration configuration) =>
        new(double.TryParse(configuration["OTEL_TRACES_SAMPLER_ARG"], NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio)
            ? Math.Clamp(ratio, 0, 1)
            : 1);

    public TracerProviderBuilder Apply(TracerProviderBuilder tracing)
    {
        if (Ratio >= 1)
        {
            return tracing.SetSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        }
        var notKept = new RecordOnly();
        return tracing
            .SetSampler(new ParentBasedSampler(new RatioOrRecord(Ratio, notKept), new AlwaysOnSampler(), notKept, new AlwaysOnSampler(), notKept))
            .AddProcessor(new KeepErrors());
    }

    /// <summary>The ratio's traces sampled; the others recorded only, so that their errors can still be kept.</summary>
    private sealed class RatioOrRecord(double ratio, Sampler otherwise) : Sampler
    {
        private readonly TraceIdRatioBasedSampler _ratio = new(ratio);

        public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
            _ratio.ShouldSample(parameters).Decision == SamplingDecision.RecordAndSample
                ? new SamplingResult(SamplingDecision.RecordAndSample)
                : otherwise.ShouldSample(parameters);
    }

    private sealed class RecordOnly : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters parameters) => new(SamplingDecision.RecordOnly);
    }

    /// <summary>A recorded span that ended in error is marked sampled before the exporter sees it.</summary>
    private sealed class KeepErrors : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            if (!activity.Recorded && activity.Status == ActivityStatusCode.Error)
            {
                activity.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            }
        }
    }
}
