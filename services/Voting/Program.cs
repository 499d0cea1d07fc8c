using Publishing.ServiceDefaults;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("voting");
builder.AddMessaging("voting");
builder.AddSqliteDatabase("voting", []);

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();

public partial class Program;
