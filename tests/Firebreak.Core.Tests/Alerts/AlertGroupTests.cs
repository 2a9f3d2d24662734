using Firebreak.Core.Alerts;
using Firebreak.Core.Common;

namespace Firebreak.Core.Tests.Alerts;

/// <summary>The group's decisions: opening, repeats that change nothing, resolving, reopening in the window, flapping, and people's commands.</summary>
public sealed class AlertGroupTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly AlertPolicy Policy = new() { Routes = [new AlertRoute(new LabelMatch(new Dictionary<string, string> { ["team"] = "payments" }), "checkout")] };

    private static IncomingAlert Alert(string instance, AlertStatus status = AlertStatus.Firing, string team = "payments") =>
        new(instance, status, "Error rate high", new Dictionary<string, string> { ["alertname"] = "HighErrorRate", ["instance"] = instance, ["team"] = team }, new Dictionary<string, string>(), T0, null, null);

    /// <summary>Runs one request's alerts against the group, keeping the alerts' last words as the store does.</summary>
    private sealed class Group
    {
        private readonly Dictionary<string, AlertStatus> _known = new(StringComparer.Ordinal);

        public AlertGroupState? State { get; private set; }

        public IReadOnlyList<IAlertGroupEvent> Take(DateTimeOffset at, bool groupResolved = false, IntakeAction action = IntakeAction.Notify, params IncomingAlert[] alerts)
        {
            var events = AlertGroup.DecideIntake(State, "prom", "k", alerts, groupResolved, action, _known, Policy, at);
            Apply(events, at, "integration:prom");
            return events;
        }

        public void Apply(IEnumerable<IAlertGroupEvent> events, DateTimeOffset at, string actor)
        {
            foreach (var e in events)
            {
                State = AlertGroup.Evolve(State, 1, (State?.Version ?? 0) + 1, e, actor, at);
                switch (e)
                {
                    case AlertFired f: _known[f.Fingerprint] = AlertStatus.Firing; break;
                    case AlertResolved r: _known[r.Fingerprint] = AlertStatus.Resolved; break;
                    case AlertGroupResolved: foreach (var k in _known.Keys.ToList()) { _known[k] = AlertStatus.Resolved; } break;
                }
            }
        }
    }

    private static string Names(IEnumerable<IAlertGroupEvent> events) => string.Join(",", events.Select(e => e.GetType().Name));

    [Fact]
    public void TheFirstFiringAlert_OpensTheGroup_RoutedToItsService_WithTheCommonLabels()
    {
        var group = new Group();
        Assert.Equal("AlertGroupOpened,AlertFired,AlertFired", Names(group.Take(T0, alerts: [Alert("a"), Alert("b")])));
        Assert.Equal(("checkout", 2, 2, AlertGroupStatus.Firing), (group.State!.Service, group.State.Firing, group.State.Alerts, group.State.Status));
        Assert.False(group.State.Labels.ContainsKey("instance"));
        Assert.Equal("payments", group.State.Labels["team"]);
    }

    [Fact]
    public void ARepeatOfWhatTheGroupKnows_ChangesNothing()
    {
        var group = new Group();
        group.Take(T0, alerts: [Alert("a")]);
        Assert.Empty(group.Take(T0.AddMinutes(1), alerts: [Alert("a")]));
        Assert.Equal("AlertFired", Names(group.Take(T0.AddMinutes(2), alerts: [Alert("a"), Alert("b")])));
        Assert.Equal(2, group.State!.Firing);
    }

    [Fact]
    public void AResolveForNothingOpen_IsDropped()
    {
        Assert.Empty(new Group().Take(T0, alerts: [Alert("a", AlertStatus.Resolved)]));
        Assert.Empty(new Group().Take(T0, action: IntakeAction.Acknowledge, alerts: [Alert("a")]));
    }

    [Fact]
    public void TheLastAlertResolving_ResolvesTheGroup_AndTheSenderSayingSo_ResolvesEveryAlert()
    {
        var group = new Group();
        group.Take(T0, alerts: [Alert("a"), Alert("b")]);
        Assert.Equal("AlertResolved", Names(group.Take(T0.AddMinutes(1), alerts: [Alert("a", AlertStatus.Resolved)])));
        Assert.Equal("AlertResolved,AlertGroupResolved", Names(group.Take(T0.AddMinutes(2), alerts: [Alert("b", AlertStatus.Resolved)])));
        Assert.Equal((AlertGroupStatus.Resolved, 0), (group.State!.Status, group.State.Firing));

        var truncated = new Group();
        truncated.Take(T0, alerts: [Alert("a"), Alert("b")]);
        Assert.Equal("AlertResolved,AlertGroupResolved", Names(truncated.Take(T0.AddMinutes(1), groupResolved: true, alerts: [Alert("a", AlertStatus.Resolved)])));
    }

    [Fact]
    public void FiringAgainWithinTheWindow_ReopensTheSameGroup_AfterIt_ANewGroupOpens()
    {
        var group = new Group();
        group.Take(T0, alerts: [Alert("a")]);
        group.Take(T0.AddMinutes(5), alerts: [Alert("a", AlertStatus.Resolved)]);
        Assert.True(AlertGroup.TakesAlerts(group.State, Policy, T0.AddMinutes(30)));
        Assert.Equal("AlertGroupReopened,AlertFired", Names(group.Take(T0.AddMinutes(30), alerts: [Alert("a")])));
        Assert.Equal((AlertGroupStatus.Firing, 1, 1, 2L), (group.State!.Status, group.State.Firing, group.State.Alerts, group.State.Fired));

        group.Take(T0.AddMinutes(35), alerts: [Alert("a", AlertStatus.Resolved)]);
        Assert.False(AlertGroup.TakesAlerts(group.State, Policy, T0.AddMinutes(35) + Policy.Window));
    }

    [Fact]
    public void TooManyChangesWithinTheWindow_MarkTheGroupFlapping_Once()
    {
        var group = new Group();
        group.Take(T0, alerts: [Alert("a")]);
        var minute = 0;
        var flapped = new List<IAlertGroupEvent>();
        for (var i = 0; i < 4; i++)
        {
            flapped.AddRange(group.Take(T0.AddMinutes(minute += 2), alerts: [Alert("a", AlertStatus.Resolved)]));
            flapped.AddRange(group.Take(T0.AddMinutes(minute += 2), alerts: [Alert("a")]));
        }

        Assert.Single(flapped.OfType<AlertGroupFlapping>());
        Assert.True(group.State!.IsFlapping);
    }

    [Fact]
    public void Acknowledged_StaysAcknowledgedWhileMoreAlertsFire_AndTheSendersAcknowledgeCounts()
    {
        var group = new Group();
        group.Take(T0, alerts: [Alert("a")]);
        Assert.Equal("AlertGroupAcknowledged", Names(group.Take(T0.AddMinutes(1), action: IntakeAction.Acknowledge, alerts: [Alert("a")])));
        group.Take(T0.AddMinutes(2), alerts: [Alert("b")]);
        Assert.Equal(AlertGroupStatus.Acknowledged, group.State!.Status);
        Assert.Equal("integration:prom", group.State.AcknowledgedBy);
    }

    [Fact]
    public void PeoplesCommands_AcknowledgeResolveSilence_EachCheckedAndOnce()
    {
        var group = new Group();
        group.Take(T0, alerts: [Alert("a")]);
        var ack = AlertGroup.Decide(group.State, new AcknowledgeGroup("on it"), T0).Value;
        group.Apply(ack, T0, "alice");
        Assert.Equal(("alice", AlertGroupStatus.Acknowledged), (group.State!.AcknowledgedBy, group.State.Status));
        Assert.Empty(AlertGroup.Decide(group.State, new AcknowledgeGroup(null), T0).Value);

        Assert.Equal("for", Assert.IsType<Invalid>(AlertGroup.Decide(group.State, new SilenceGroup("forever", "noisy"), T0).Error).Field);
        Assert.Equal("for", Assert.IsType<Invalid>(AlertGroup.Decide(group.State, new SilenceGroup("31d", "noisy"), T0).Error).Field);
        Assert.Equal("reason", Assert.IsType<Invalid>(AlertGroup.Decide(group.State, new SilenceGroup("2h", " "), T0).Error).Field);
        group.Apply(AlertGroup.Decide(group.State, new SilenceGroup("2h", "Known: the disk is being replaced"), T0).Value, T0, "alice");
        Assert.True(group.State.IsSilenced(T0.AddMinutes(119)));
        Assert.False(group.State.IsSilenced(T0.AddHours(2)));

        group.Apply(AlertGroup.Decide(group.State, new ResolveGroup("fixed by hand"), T0).Value, T0, "alice");
        Assert.Equal(AlertGroupStatus.Resolved, group.State.Status);
        Assert.Empty(AlertGroup.Decide(group.State, new ResolveGroup(null), T0).Value);
        Assert.Equal("status", Assert.IsType<Invalid>(AlertGroup.Decide(group.State, new AcknowledgeGroup(null), T0).Error).Field);
        Assert.IsType<NotFound>(AlertGroup.Decide(null, new ResolveGroup(null), T0).Error);
    }

    [Theory]
    [InlineData("team=payments", "checkout")]
    [InlineData("team=search,service=Search", "search")]
    [InlineData("team=search", null)]
    public void Routing_TheFirstMatchingRoute_ElseTheServiceLabel(string labels, string? service)
    {
        var map = labels.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(service, Policy.ServiceOf(map));
    }

    [Fact]
    public void Grouping_ByTheNamedLabels_ElseTheSendersKey_ElseTheAlertItself()
    {
        var batch = new IntakeBatch([Alert("a")], GroupKey: "{}:{alertname=\"HighErrorRate\"}");
        Assert.Equal("alertname=HighErrorRate,service=", new AlertPolicy { GroupBy = ["alertname", "service"] }.KeyOf(batch, batch.Alerts[0]));
        Assert.Equal("{}:{alertname=\"HighErrorRate\"}", Policy.KeyOf(batch, batch.Alerts[0]));
        Assert.Equal("alert:a", Policy.KeyOf(batch with { GroupKey = null }, batch.Alerts[0]));
        Assert.True(new LabelMatch(new Dictionary<string, string> { ["severity"] = "*" }).Matches(new Dictionary<string, string> { ["severity"] = "page" }));
        Assert.False(new LabelMatch(new Dictionary<string, string> { ["severity"] = "*" }).Matches(new Dictionary<string, string>()));
    }
}
