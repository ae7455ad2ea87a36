using Clientele.Server;

// The service on its own (the clientele command's serve runs the same ServerApp): dotnet run -- --Clientele:Store=shop.duckdb
var app = ServerApp.Build(args);
app.Run();

/// <summary>The service's entry point, named for <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
