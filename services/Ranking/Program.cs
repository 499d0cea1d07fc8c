using MassTransit;
using Publishing.Ranking.Projection;
using Publishing.Ranking.Recommendations;
using Publishing.Ranking.Related;
using Publishing.Ranking.Storage;
using Publishing.Ranking.Trending;
using Publishing.ServiceDefaults;
using Publishing.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("ranking");
builder.AddMessaging("ranking", bus => bus.AddConsumers(typeof(VoteCastConsumer).Assembly));
builder.AddRankingStore();
builder.AddRankingModel();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTrendingApi();
app.MapRelatedApi();
app.MapRecommendationsApi();

app.Run();

public partial class Program;
