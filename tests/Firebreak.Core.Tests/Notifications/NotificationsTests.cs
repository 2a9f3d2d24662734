using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Notifications;
using Firebreak.Core.Tests.Incidents;
using Firebreak.Core.Updates;

namespace Firebreak.Core.Tests.Notifications;

/// <summary>The one mapping from events to messages, the routing rule, the retry schedule and the delivery log's filters.</summary>
public sealed class NotificationsTests
{
    private static readonly IncidentState Sev1 = Given.Incident(Given.Declaration("Payments down", "SEV-1", commander: "ines"));

    private static Notification? For(IIncidentEvent e, IncidentState? state = null) => Core.Notifications.Notifications.For(e, state ?? Sev1, "alice", Given.Now, 42);

    [Fact]
    public void LifecycleEvents_AndUpdates_CallForTheirKinds()
    {
        Assert.Equal(NotificationKind.SeverityChanged, For(new SeverityChanged("SEV-2", "SEV-1", "Worse"))!.Kind);
        Assert.Equal(NotificationKind.StatusChanged, For(new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Identified, null))!.Kind);
        Assert.Equal(NotificationKind.Resolved, For(new StatusChanged(IncidentStatus.Monitoring, IncidentStatus.Resolved, "Fixed"))!.Kind);
        var update = For(new UpdatePosted(UpdateAudience.Public, PublicStatus.Identified, "We found it."))!;
        Assert.Equal((NotificationKind.UpdatePublic, "identified", "We found it.", 42L), (update.Kind, update.PublicStatus, update.Text, update.Position));
        Assert.Equal("INC-7 update (identified): Payments down", update.Headline);
        Assert.Equal(NotificationKind.UpdateInternal, For(new UpdatePosted(UpdateAudience.Internal, null, "Looking."))!.Kind);
        Assert.Null(For(new TimelineEntryAdded(EntryKind.Note, "Just a note")));
        Assert.Null(For(new GuardrailFired(GuardrailIds.TunnelVision, "warn", "m", "f", "k")));
    }

    [Fact]
    public void TheSilenceNudge_GoesToTheCommsLead_ThenAlsoToTheCommanderFromTheSecondMissInARow()
    {
        var withComms = Given.ApplyAt(Sev1, 1, new AssignRole(IncidentRoles.CommsLead, "carl"));
        var first = For(new GuardrailFired(GuardrailIds.Silence, "warn", "No update for 15 min", "Post one", "silence@1"), withComms)!;
        Assert.Equal([new Addressee(IncidentRoles.CommsLead, "carl")], first.AddressedTo);
        var second = For(new GuardrailFired(GuardrailIds.Silence, "warn", "No update for 30 min", "Post one", "silence@1#2"), withComms)!;
        Assert.Equal([new Addressee(IncidentRoles.CommsLead, "carl"), new Addressee(IncidentRoles.Commander, "ines")], second.AddressedTo);
        var noComms = For(new GuardrailFired(GuardrailIds.Silence, "warn", "m", "f", "silence@1"))!;
        Assert.Equal([new Addressee(IncidentRoles.Commander, "ines")], noComms.AddressedTo);
        Assert.Equal("INC-7 needs you: a stakeholder update is overdue", noComms.Headline);
    }

    [Fact]
    public void NoCommander_GoesToTheResponders_OrTheDeclarer()
    {
        var alone = Given.Incident(Given.Declaration("Search slow", "SEV-2"));
        Assert.Equal([new Addressee("responder", "alice")], For(new GuardrailFired(GuardrailIds.NoCommander, "warn", "m", "f", "nc"), alone)!.AddressedTo);
    }

    [Fact]
    public void Routing_MatchesKindSeverityAndService_AndKeepsPrivateIncidentsToPrivateChannels()
    {
        var channels = new Dictionary<string, RoutedChannel> { ["all"] = new("all", false), ["sec"] = new("sec", true) };
        NotificationRoute[] routes =
        [
            new(new HashSet<string> { NotificationKind.Declared }, ["all", "sec"], new HashSet<string>(), new HashSet<string>()),
            new(new HashSet<string> { NotificationKind.Declared }, ["all", "missing"], new HashSet<string> { "SEV-1" }, new HashSet<string> { "payments" }),
        ];
        var open = For(new IncidentDeclared("t", "SEV-1", null, null, [], Given.Now, false, IncidentStatus.Investigating))! with { Services = ["payments"] };

        Assert.Equal(["all", "sec"], Routing.ChannelsFor(open, routes, channels));
        Assert.Equal(["sec"], Routing.ChannelsFor(open with { Private = true }, routes, channels));
        Assert.Empty(Routing.ChannelsFor(open with { Kind = NotificationKind.Resolved }, routes, channels));
        Assert.False(routes[1].Matches(open with { Severity = "SEV-2" }));
        Assert.False(routes[1].Matches(open with { Services = ["search"] }));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(5, 80)]
    [InlineData(12, 1800)]
    [InlineData(40, 1800)]
    public void RetryPolicy_BacksOffExponentially_UpToTheCap(int attempt, int seconds)
    {
        var next = RetryPolicy.Default.Next(attempt, Given.Now, Given.Now, null, 0)!.Value;
        Assert.Equal(TimeSpan.FromSeconds(seconds), next - Given.Now);
        var jittered = RetryPolicy.Default.Next(attempt, Given.Now, Given.Now, null, 0.999)!.Value;
        Assert.InRange(jittered - Given.Now, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds * 1.2));
    }

    [Fact]
    public void RetryPolicy_HonoursRetryAfter_AndGivesUpAfterItsAge()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), RetryPolicy.Default.Next(1, Given.Now, Given.Now, TimeSpan.FromMinutes(10), 0)!.Value - Given.Now);
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Default.Next(1, Given.Now, Given.Now, TimeSpan.FromSeconds(1), 0)!.Value - Given.Now);
        Assert.Null(RetryPolicy.Default.Next(3, Given.Now, Given.Now.AddHours(24), null, 0));
        Assert.NotNull(RetryPolicy.Default.Next(3, Given.Now, Given.Now.AddHours(23), null, 0));
    }

    [Fact]
    public void ShortText_CutsOnAWord_WithAnEllipsis()
    {
        var n = For(new UpdatePosted(UpdateAudience.Internal, null, string.Join(' ', Enumerable.Repeat("word", 200))))!;
        var cut = n.ShortText(100)!;
        Assert.True(cut.Length <= 100);
        Assert.EndsWith("word…", cut, StringComparison.Ordinal);
        Assert.Equal("short", (n with { Text = "short" }).ShortText(100));
    }

    [Fact]
    public void DeliveryQuery_ReadsItsFilters_AndNamesTheBadOne()
    {
        IReadOnlyList<string> Values(string name) => name switch
        {
            "incident" => ["INC-7"],
            "state" => ["failed"],
            "channel" => ["ops"],
            "limit" => ["10"],
            _ => [],
        };

        var query = DeliveryQuery.Parse(Values).Value;
        Assert.Equal(new DeliveryQuery(7, "ops", DeliveryState.Failed, null, 10), query);
        Assert.Equal("state", ((Firebreak.Core.Common.Invalid)DeliveryQuery.Parse(n => n == "state" ? ["lost"] : []).Error!).Field);
        Assert.Equal("incident", ((Firebreak.Core.Common.Invalid)DeliveryQuery.Parse(n => n == "incident" ? ["INC-"] : []).Error!).Field);
        Assert.Equal("channel", ((Firebreak.Core.Common.Invalid)DeliveryQuery.Parse(n => n == "channel" ? [new string('x', 41)] : []).Error!).Field);
    }
}
