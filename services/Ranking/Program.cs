using Publishing.ServiceDefaults;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("ranking");
builder.AddMessaging("ranking");
builder.AddSqliteDatabase("ranking", []);

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();

public partial class Program;
