using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Guardrails;

/// <summary>
/// Going silent is nudged at every missed update, not once: the scheduler runs many times per
/// interval and records one nudge per interval, the second miss reaches the commander too, and the
/// list and the room say how late the update is.
/// </summary>
public sealed class SilenceCadenceTests : IDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;
    private readonly HttpClient _admin;

    public SilenceCadenceTests()
    {
        _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };
        _admin = _factory.Admin();
    }

    [Fact]
    public async Task Silence_Sev1SilentFor50Minutes_IsNudgedAt15_30_And45_OncePerInterval()
    {
        using (await _factory.UserAsync("bob"))
        {
        }

        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-1", commander = "admin" })).Long("id");
        await _admin.CommandAsync(id, "roles", new { role = "comms-lead", user = "bob" });

        // Every two minutes for 50 minutes, with three scheduler runs each time.
        for (var minute = 2; minute <= 50; minute += 2)
        {
            _clock.Advance(TimeSpan.FromMinutes(2));
            for (var run = 0; run < 3; run++)
            {
                await _factory.RunSchedulerAsync();
            }
        }

        var nudges = await _admin.NudgesAsync(id, "silence");
        Assert.Equal([16, 32, 46], nudges.Select(n => (int)(n.Time("at") - ResponseApi.Start).TotalMinutes));

        Assert.DoesNotContain("commander", nudges[0].Str("text"), StringComparison.Ordinal);
        Assert.Contains("To the commander (admin) and the comms lead (bob): 2 updates missed in a row, the update is 15 minutes overdue.", nudges[1].Str("text"), StringComparison.Ordinal);
        Assert.Contains("To the commander (admin) and the comms lead (bob): 3 updates missed in a row, the update is 30 minutes overdue.", nudges[2].Str("text"), StringComparison.Ordinal);

        var incident = await _admin.GetIncidentAsync(id);
        Assert.True(incident.GetProperty("updateOverdue").GetBoolean());
        Assert.Equal(35, incident.GetProperty("updateOverdueMinutes").GetInt32());
        var finding = Assert.Single(incident.GetProperty("findings").EnumerateArray(), f => f.Str("guardrail") == "silence");
        Assert.Contains("3 updates missed in a row", finding.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_AnUpdateAfterTwoMisses_StartsTheCountAgain_AndClearsTheOverdueTime()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-1", commander = "admin" })).Long("id");
        _clock.Advance(TimeSpan.FromMinutes(16));
        await _factory.RunSchedulerAsync();
        _clock.Advance(TimeSpan.FromMinutes(15));
        await _factory.RunSchedulerAsync();

        Assert.Equal(2, (await _admin.NudgesAsync(id, "silence")).Count);
        var updated = await _admin.PostUpdateAsync(id, "Still investigating; next update in 15 minutes");
        Assert.False(updated.GetProperty("updateOverdue").GetBoolean());
        Assert.True(updated.IsNull("updateOverdueMinutes"));

        _clock.Advance(TimeSpan.FromMinutes(16));
        await _factory.RunSchedulerAsync();
        await _factory.RunSchedulerAsync();
        var nudges = await _admin.NudgesAsync(id, "silence");
        Assert.Equal(3, nudges.Count);
        Assert.StartsWith("[silence] No stakeholder update since 2026-03-14T09:31:00Z", nudges[2].Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndRoom_ShowHowManyMinutesTheUpdateIsOverdue()
    {
        using (await _factory.UserAsync("carol"))
        {
        }

        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-1", commander = "admin" })).Long("id");
        _clock.Advance(TimeSpan.FromMinutes(46));
        await _factory.RunSchedulerAsync();
        using var web = await WebSession.SignInAsync(_factory, "carol", FirebreakFactory.UserPassword);

        var list = await (await web.GetAsync("/incidents")).Content.ReadAsStringAsync();
        var room = await (await web.GetAsync($"/incidents/{id}")).Content.ReadAsStringAsync();

        Assert.Contains("update 31 min overdue", list, StringComparison.Ordinal);
        Assert.Contains("update 31 min overdue", room, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}
