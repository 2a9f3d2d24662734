namespace Firebreak.Server.Tests.Support;

/// <summary>A well-formed request for each incident command route, for tests about who may run them.</summary>
public static class Commands
{
    /// <summary>Route suffix after /api/v1/incidents/{id}/ and a well-formed body for it (null: the route takes none).</summary>
    private static readonly Dictionary<string, string?> Bodies = new()
    {
        ["timeline"] = """{"kind":"note","text":"Error rate is 40%"}""",
        ["status"] = """{"status":"identified","reason":"Bad deploy"}""",
        ["severity"] = """{"severity":"SEV-1","reason":"All regions"}""",
        ["roles"] = """{"role":"scribe","user":"admin"}""",
        ["join"] = null,
        ["leave"] = null,
        ["pin"] = """{"entry":3}""",
        ["decline"] = """{"reason":"False alarm"}""",
    };

    public static TheoryData<string, string?> OnIncident
    {
        get
        {
            var data = new TheoryData<string, string?>();
            foreach (var (command, body) in Bodies)
            {
                data.Add(command, body);
            }

            return data;
        }
    }

    public static HttpContent? Body(string? json) =>
        json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json");

    public static HttpContent? BodyFor(string command) => Body(Bodies[command]);
}
