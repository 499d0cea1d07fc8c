using Publishing.Ingest.ApiDocument;
using Publishing.Ingest.Newsrooms;
using Publishing.Ingest.Ninjs;
using Publishing.Ingest.Storage;
using Publishing.Ingest.Submissions;
using Publishing.ServiceDefaults;
using Publishing.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("ingest");
builder.AddMessaging("ingest");
builder.AddIngestStore();
builder.AddNewsroomKeys();
builder.AddIngestApiDocument();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSubmissionsApi();
app.MapNinjsApi();

app.Run();

public partial class Program;
