using Firebreak.Server.Hosting;

var app = FirebreakApp.Build(args);
await app.RunAsync();

/// <summary>The server's entry point; public so HTTP tests can host it.</summary>
public partial class Program;
