namespace Firebreak.Server.Tests.Support;

/// <summary>A well-formed request for each incident command route, for tests about who may run them.</summary>
public static class Commands
{
    /// <summary>Route suffix after /api/v1/incidents/{id}/ and a well-formed body for it (null: the route takes none). The file upload takes raw bytes and is not here.</summary>
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
        ["updates"] = """{"audience":"internal","text":"Still investigating"}""",
        ["mitigations"] = """{"kind":"feature-flag","title":"Turn off the new checkout","risky":true}""",
        ["mitigations/1/approve"] = "{}",
        ["mitigations/1/start"] = "{}",
        ["mitigations/1/apply"] = "{}",
        ["mitigations/1/verify"] = """{"note":"Error rate back to 0.1%"}""",
        ["mitigations/1/abandon"] = """{"note":"Made no difference"}""",
        ["hypotheses/3"] = """{"status":"confirmed"}""",
        ["checklists/security/items/1"] = "{}",
        ["evidence"] = """{"kind":"text","name":"errors.log","text":"502 Bad Gateway"}""",
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

    /// <summary>Every command route suffix above.</summary>
    public static TheoryData<string> Routes => [.. Bodies.Keys];

    public static HttpContent? Body(string? json) =>
        json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json");

    public static HttpContent? BodyFor(string command) => Body(Bodies[command]);
}
