using Publishing.Gateway.ApiReference;
using Publishing.Gateway.Caching;
using Publishing.Gateway.Feeds;
using Publishing.Gateway.Health;
using Publishing.Gateway.Pages;
using Publishing.Gateway.RateLimits;
using Publishing.Gateway.Readers;
using Publishing.Gateway.Routing;
using Publishing.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("gateway");
builder.AddServiceRoutes();
builder.AddPartsReport();
builder.AddReaders();
builder.AddReaderRateLimits();
builder.AddPages();
builder.AddFeeds();
builder.AddSharedResponses();
builder.AddApiReference();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseReaderRateLimits();
app.UseBodyLimits();
app.UseSharedResponses();
app.MapReadersApi();
app.MapFeeds();
app.MapApiReference();
app.MapPages();
app.MapReverseProxy();

app.Run();

public partial class Program;
