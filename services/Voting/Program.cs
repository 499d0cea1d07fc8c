using MassTransit;
using Publishing.ServiceDefaults;
using Publishing.ServiceDefaults.Messaging;
using Publishing.Voting.Catalogue;
using Publishing.Voting.Storage;
using Publishing.Voting.Votes;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("voting");
builder.AddMessaging("voting", bus => bus.AddConsumers(typeof(ArticlePublishedConsumer).Assembly));
builder.AddVoteStore();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapVotesApi();

app.Run();

public partial class Program;
