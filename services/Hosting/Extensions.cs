using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Publishing.ServiceDefaults.Health;
using Publishing.ServiceDefaults.Problems;
using Publishing.ServiceDefaults.Telemetry;

namespace Publishing.ServiceDefaults;

/// <summary>The wiring every service and the gateway repeat, in one call each.</summary>
public static class Extensions
{
    /// <summary>OpenTelemetry, health checks, problem details and OpenAPI for a service named <paramref name="serviceName"/>; files made owner-only.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        Storage.OwnerOnlyFiles.ForThisProcess();
        builder.AddTelemetry(serviceName);
        builder.Services.AddHealthChecks();
        builder.Services.AddPublishingProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>Problem details for every error, health endpoints and the OpenAPI document.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UsePublishingProblemDetails();
        app.MapHealthEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
