using Firebreak.Core.Common;
using Firebreak.Core.StatusPage;

namespace Firebreak.Core.Tests.StatusPage;

/// <summary>A component's own stream: statuses set by hand (and cleared), and corrections of the uptime history.</summary>
public sealed class ComponentStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static ComponentRecord Fresh() => new() { Name = "API", Version = 0 };

    private static IReadOnlyList<IStatusPageEvent> Events(ComponentRecord record, IComponentCommand command, DateTimeOffset? now = null)
    {
        var result = Components.Decide(record, command, now ?? Now);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static Invalid Rejection(ComponentRecord record, IComponentCommand command, DateTimeOffset? now = null)
    {
        var result = Components.Decide(record, command, now ?? Now);
        Assert.False(result.IsSuccess, "The command was accepted but should have been refused.");
        return Assert.IsType<Invalid>(result.Error);
    }

    private static ComponentRecord Apply(ComponentRecord record, IComponentCommand command, DateTimeOffset at, string actor = "alice")
    {
        foreach (var e in Events(record, command, at))
        {
            record = Components.Evolve(record, record.Version + 1, e, actor, at);
        }

        return record;
    }

    [Fact]
    public void Set_RecordsTheStatusAndTheReason_AndTheRecordHoldsIt()
    {
        var events = Events(Fresh(), new SetComponentStatus(" Major_Outage ", "  the load balancer is down "));
        Assert.Equal([new ComponentStatusSet(ComponentStatus.MajorOutage, "the load balancer is down")], events);

        var record = Apply(Fresh(), new SetComponentStatus("major_outage", "the load balancer is down"), Now, "bob");

        Assert.Equal(new HandStatus(ComponentStatus.MajorOutage, "the load balancer is down", "bob", Now), record.Hand);
        Assert.Equal([new HandPeriod(record.Hand!, null)], record.HandHistory);
        Assert.Equal(1, record.Version);
    }

    [Fact]
    public void Set_TheSameStatusTwice_IsRefused_ADifferentOneIsTaken()
    {
        var record = Apply(Fresh(), new SetComponentStatus("partial_outage", "half the pods"), Now);

        var error = Rejection(record, new SetComponentStatus("PARTIAL_OUTAGE", "still half"));
        Assert.Equal("status", error.Field);
        Assert.Equal("API is set to partial_outage already.", error.Message);

        Assert.Equal([new ComponentStatusSet(ComponentStatus.MajorOutage, "all pods")], Events(record, new SetComponentStatus("major_outage", "all pods")));
    }

    [Theory]
    [InlineData("automatic")]
    [InlineData(" Automatic ")]
    [InlineData("AUTOMATIC")]
    public void Automatic_ClearsTheStatusSetByHand(string word)
    {
        var record = Apply(Fresh(), new SetComponentStatus("major_outage", "load balancer down"), Now);

        var events = Events(record, new SetComponentStatus(word, "fixed"));
        Assert.Equal([new ComponentStatusSet(null, "fixed")], events);

        record = Apply(record, new SetComponentStatus(word, "fixed"), Now.AddHours(1));
        Assert.Null(record.Hand);
        Assert.Equal(Now.AddHours(1), Assert.Single(record.HandHistory).To);
    }

    [Fact]
    public void Automatic_WhenNothingIsSetByHand_IsRefused()
    {
        var error = Rejection(Fresh(), new SetComponentStatus("automatic", "just in case"));

        Assert.Equal("status", error.Field);
        Assert.Contains("not set by hand", error.Message);
    }

    [Theory]
    [InlineData("broken")]
    [InlineData("")]
    [InlineData(null)]
    public void Set_AnUnknownStatus_IsRefused_AndTheMessageListsTheStatusesAndAutomatic(string? status)
    {
        var error = Rejection(Fresh(), new SetComponentStatus(status, "why"));

        Assert.Equal("status", error.Field);
        Assert.Contains("operational, under_maintenance, degraded_performance, partial_outage, major_outage", error.Message);
        Assert.Contains("automatic", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Set_NeedsAReason_AndSoDoesAutomatic(string? reason)
    {
        Assert.Equal("reason", Rejection(Fresh(), new SetComponentStatus("major_outage", reason)).Field);

        var record = Apply(Fresh(), new SetComponentStatus("major_outage", "down"), Now);
        Assert.Equal("reason", Rejection(record, new SetComponentStatus("automatic", reason)).Field);
    }

    [Fact]
    public void Evolve_KeepsEveryHandPeriod_EachClosedAtTheNextSet()
    {
        var t1 = Now;
        var t2 = Now.AddMinutes(40);
        var t3 = Now.AddMinutes(90);
        var record = Apply(Fresh(), new SetComponentStatus("major_outage", "down"), t1, "alice");
        record = Apply(record, new SetComponentStatus("degraded_performance", "recovering"), t2, "bob");

        Assert.Equal(
            [
                new HandPeriod(new HandStatus(ComponentStatus.MajorOutage, "down", "alice", t1), t2),
                new HandPeriod(new HandStatus(ComponentStatus.DegradedPerformance, "recovering", "bob", t2), null),
            ],
            record.HandHistory);

        record = Apply(record, new SetComponentStatus("automatic", "all good"), t3, "bob");

        Assert.Null(record.Hand);
        Assert.Equal([t2, t3], record.HandHistory.Select(h => h.To));
        Assert.Equal(3, record.Version);
        Assert.Equal(
            [
                new StatusPeriod("API", t1, t2, ComponentStatus.MajorOutage, Hand: true),
                new StatusPeriod("API", t2, t3, ComponentStatus.DegradedPerformance, Hand: true),
            ],
            Uptime.PeriodsOf("API", record));
    }

    [Fact]
    public void Correct_RecordsThePeriodStatusAndReason_AndTheRecordKeepsIt()
    {
        var from = Now.AddHours(-5);
        var to = Now.AddHours(-3);
        var events = Events(Fresh(), new CorrectUptime(from, to, "operational", " false alarm from the probe "));
        Assert.Equal([new UptimeCorrected(from, to, ComponentStatus.Operational, "false alarm from the probe")], events);

        var record = Apply(Fresh(), new CorrectUptime(from, to, "operational", "false alarm"), Now, "carol");

        Assert.Equal([new UptimeCorrection(from, to, ComponentStatus.Operational, "false alarm", "carol", Now)], record.Corrections);
        Assert.Null(record.Hand);
        Assert.Empty(record.HandHistory);
    }

    [Fact]
    public void Correct_MayEndNow()
    {
        Assert.Single(Events(Fresh(), new CorrectUptime(Now.AddHours(-1), Now, "major_outage", "missed outage")));
    }

    [Fact]
    public void Correct_NeedsBothEnds()
    {
        Assert.Equal("from", Rejection(Fresh(), new CorrectUptime(null, Now, "operational", "why")).Field);
        Assert.Equal("to", Rejection(Fresh(), new CorrectUptime(Now.AddHours(-1), null, "operational", "why")).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void Correct_ToMustBeAfterFrom(int minutes)
    {
        var from = Now.AddHours(-2);

        var error = Rejection(Fresh(), new CorrectUptime(from, from.AddMinutes(minutes), "operational", "why"));

        Assert.Equal("to", error.Field);
        Assert.Contains("must be after", error.Message);
    }

    [Fact]
    public void Correct_OfTheFuture_IsRefused()
    {
        var error = Rejection(Fresh(), new CorrectUptime(Now.AddHours(-1), Now.AddSeconds(1), "operational", "why"));

        Assert.Equal("to", error.Field);
        Assert.Contains("of the past", error.Message);
    }

    [Theory]
    [InlineData("broken")]
    [InlineData("automatic")]
    [InlineData(null)]
    public void Correct_ToAnUnknownStatus_IsRefused(string? status)
    {
        Assert.Equal("status", Rejection(Fresh(), new CorrectUptime(Now.AddHours(-2), Now.AddHours(-1), status, "why")).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Correct_NeedsAReason(string? reason)
    {
        Assert.Equal("reason", Rejection(Fresh(), new CorrectUptime(Now.AddHours(-2), Now.AddHours(-1), "operational", reason)).Field);
    }
}
