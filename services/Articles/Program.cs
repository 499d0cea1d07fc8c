using MassTransit;
using Publishing.Articles.Publishing;
using Publishing.Articles.Reading;
using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.ServiceDefaults;
using Publishing.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("articles");
builder.AddMessaging("articles", bus => bus.AddConsumers(typeof(ArticleSubmittedConsumer).Assembly));
builder.AddArticleStore();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapArticlesApi();

app.Run();

public partial class Program;
