using System.Text.Json.Nodes;
using Firebreak.Core.Notifications;
using Firebreak.Server.Notifications.Channels;

namespace Firebreak.Server.Tests.Notifications.Channels;

/// <summary>
/// The messages the chat renderers are recorded with (an update, a nudge, a resolve, and one full of
/// hostile text), and the comparison with the checked-in payloads under Recorded/.
/// </summary>
public static class ChatSamples
{
    public const string Hostile = "<!channel> <https://evil.example|click> @here [x](https://evil) *bold* & <script>alert(1)</script>";

    private static readonly DateTimeOffset At = new(2026, 3, 14, 9, 26, 0, TimeSpan.Zero);
    private static readonly Uri BaseUrl = new("https://firebreak.example.com/");

    public static Notification Update => new()
    {
        Kind = NotificationKind.UpdatePublic,
        IncidentId = 7,
        Title = "Checkout 5xx",
        Severity = "SEV-1",
        Status = "investigating",
        Private = false,
        Services = ["checkout", "payments"],
        Headline = "INC-7 update: Checkout 5xx (SEV-1)",
        Text = "We are rolling back the 14:02 deploy; error rates are falling.",
        PublicStatus = "identified",
        Actor = "rita",
        At = At,
    };

    public static Notification Nudge => Update with
    {
        Kind = NotificationKind.ManyVoices,
        Severity = "SEV-2",
        Services = ["checkout"],
        Headline = "INC-7: three people posted public updates in 10 minutes",
        Text = "Name a comms lead so one voice speaks to customers.",
        PublicStatus = null,
        AddressedTo = [new Addressee("comms-lead", "alice"), new Addressee("commander", "unassigned")],
        Actor = "firebreak",
    };

    public static Notification Resolve => Update with
    {
        Kind = NotificationKind.Resolved,
        Status = "resolved",
        Services = [],
        Headline = "INC-7 resolved: Checkout 5xx (SEV-1)",
        Text = "Rolled back; verified by the checkout probe for 30 minutes.",
        PublicStatus = null,
    };

    public static Notification HostileUpdate => Update with
    {
        Kind = NotificationKind.UpdateInternal,
        Title = Hostile,
        Headline = "INC-7 update: " + Hostile,
        Text = Hostile,
        PublicStatus = null,
        Services = ["@all"],
        Actor = "<@U123>",
    };

    public static Notification Sample(string name) => name switch
    {
        "update" => Update,
        "nudge" => Nudge,
        "resolve" => Resolve,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such sample"),
    };

    public static Delivery DeliveryOf(Notification notification) => new("INC-7.42.team", notification, BaseUrl, 1, At);

    /// <summary>Fails, showing what was rendered, unless <paramref name="rendered"/> is the recorded JSON (compared parsed, not as text).</summary>
    public static void AssertRecorded(string file, byte[] rendered)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Notifications", "Channels", "Recorded", file);
        var actual = JsonNode.Parse(rendered);
        var shown = actual?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.True(File.Exists(path), $"no recorded payload {path}; rendered:\n{shown}");
        var expected = JsonNode.Parse(File.ReadAllText(path));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{file} differs; rendered:\n{shown}");
    }

    /// <summary>Every string anywhere in the payload under a property named <paramref name="property"/>.</summary>
    public static IReadOnlyList<string> Strings(JsonNode node, string property)
    {
        var found = new List<string>();
        Walk(node, null, property, found);
        return found;
    }

    private static void Walk(JsonNode? node, string? name, string property, List<string> found)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    Walk(child, key, property, found);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Walk(child, name, property, found);
                }

                break;
            case JsonValue v when name == property && v.TryGetValue<string>(out var text):
                found.Add(text);
                break;
        }
    }
}
