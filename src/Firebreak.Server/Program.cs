using Firebreak.Server.Configuration;
using Firebreak.Server.Hosting;

WebApplication app;
try
{
    app = FirebreakApp.Build(args);
}
catch (ConfigException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;

/// <summary>The server's entry point; public so HTTP tests can host it.</summary>
public partial class Program;
