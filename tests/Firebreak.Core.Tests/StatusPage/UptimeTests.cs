using System.Globalization;
using Firebreak.Core.StatusPage;

namespace Firebreak.Core.Tests.StatusPage;

/// <summary>
/// Uptime from a component's history, table-driven: each case describes the day's periods and
/// corrections as text ("major 10:00-12:24"; corrections end in "@n", their order of making) and
/// what the day and the 90 days come to.
/// </summary>
public sealed class UptimeTests
{
    private const string Component = "API";
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly DateOnly Day = Today.AddDays(-4);

    /// <summary>89 whole days and today up to noon: the time the percentage is a share of.</summary>
    private const double HoursOf90Days = (89 * 24) + 12;

    private static ComponentStatus StatusOf(string word) => word switch
    {
        "major" => ComponentStatus.MajorOutage,
        "partial" => ComponentStatus.PartialOutage,
        "degraded" => ComponentStatus.DegradedPerformance,
        "maintenance" => ComponentStatus.UnderMaintenance,
        "operational" => ComponentStatus.Operational,
        _ => throw new ArgumentException($"Unknown status word '{word}'.", nameof(word)),
    };

    /// <summary>"HH:mm" on the day (hours past 24 run into the next day).</summary>
    private static DateTimeOffset TimeOn(DateOnly day, string time)
    {
        var parts = time.Split(':');
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return start.AddHours(int.Parse(parts[0], CultureInfo.InvariantCulture)).AddMinutes(int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>"status HH:mm-HH:mm [@n]"; a status written "hand:major" was set by hand.</summary>
    private static IEnumerable<(ComponentStatus Status, bool Hand, DateTimeOffset From, DateTimeOffset? To, string Extra)> Read(string spec, DateOnly day)
    {
        foreach (var entry in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var hand = words[0].StartsWith("hand:", StringComparison.Ordinal);
            var window = words[1].Split('-');
            yield return (StatusOf(hand ? words[0]["hand:".Length..] : words[0]), hand, TimeOn(day, window[0]), window[1] == "open" ? null : TimeOn(day, window[1]), words.Length > 2 ? words[2] : string.Empty);
        }
    }

    private static List<StatusPeriod> Periods(string spec, DateOnly? day = null, string component = Component) =>
        [.. Read(spec, day ?? Day).Select(p => new StatusPeriod(component, p.From, p.To, p.Status, p.Hand))];

    private static List<UptimeCorrection> Corrections(string spec, DateOnly? day = null) =>
        [.. Read(spec, day ?? Day).Select(c => new UptimeCorrection(c.From, c.To!.Value, c.Status, "corrected", "admin", Now.AddMinutes(int.Parse(c.Extra.TrimStart('@'), CultureInfo.InvariantCulture))))];

    private static UptimeDay DayOf(ComponentUptime uptime, DateOnly date) => Assert.Single(uptime.Days, d => d.Date == date);

    public static TheoryData<string, string, double, ComponentStatus, bool, bool> OneDay() => new()
    {
        // periods, corrections, the day's uptime, its worst status, maintenance shown, corrected
        { "", "", 1.0, ComponentStatus.Operational, false, false },
        { "major 10:00-12:24", "", 0.9, ComponentStatus.MajorOutage, false, false },
        { "partial 10:00-12:24", "", 0.97, ComponentStatus.PartialOutage, false, false },
        { "degraded 10:00-12:24", "", 1.0, ComponentStatus.DegradedPerformance, false, false },
        { "operational 10:00-12:24", "", 1.0, ComponentStatus.Operational, false, false },

        // Overlapping: the worst status counts at each moment, never the sum.
        { "major 10:00-12:24; partial 10:00-12:24", "", 0.9, ComponentStatus.MajorOutage, false, false },
        { "partial 09:00-14:00; major 10:00-12:24", "", 1 - ((2.4 + (2.6 * 0.3)) / 24), ComponentStatus.MajorOutage, false, false },
        { "major 10:00-12:24; major 11:00-13:24", "", 1 - (3.4 / 24), ComponentStatus.MajorOutage, false, false },

        // Maintenance is shown but is not down time, and does not hide an incident inside its window.
        { "maintenance 10:00-14:00", "", 1.0, ComponentStatus.Operational, true, false },
        { "maintenance 10:00-14:00; major 11:00-13:24", "", 0.9, ComponentStatus.MajorOutage, true, false },
        { "maintenance 10:00-14:00; partial 12:00-14:24", "", 0.97, ComponentStatus.PartialOutage, true, false },

        // A correction says what the period really was.
        { "major 10:00-12:24", "operational 10:00-12:24 @1", 1.0, ComponentStatus.Operational, false, true },
        { "major 10:00-12:24", "operational 10:00-11:12 @1", 0.95, ComponentStatus.MajorOutage, false, true },
        { "major 10:00-12:24", "operational 00:00-24:00 @1", 1.0, ComponentStatus.Operational, false, true },
        { "", "major 10:00-12:24 @1", 0.9, ComponentStatus.MajorOutage, false, true },
        { "major 10:00-12:24", "maintenance 10:00-12:24 @1", 1.0, ComponentStatus.Operational, true, true },
        { "degraded 10:00-12:24", "partial 10:00-12:24 @1", 0.97, ComponentStatus.PartialOutage, false, true },

        // A status set by hand decides while it stands, over incidents and maintenance; the latest set wins.
        { "hand:major 10:00-12:24", "", 0.9, ComponentStatus.MajorOutage, false, false },
        { "major 10:00-12:24; hand:operational 10:00-11:12", "", 0.95, ComponentStatus.MajorOutage, false, false },
        { "major 10:00-12:24; hand:degraded 00:00-24:00", "", 1.0, ComponentStatus.DegradedPerformance, false, false },
        { "hand:partial 10:00-12:24; major 10:00-12:24", "", 0.97, ComponentStatus.PartialOutage, false, false },
        { "maintenance 10:00-14:00; hand:major 11:00-13:24", "", 0.9, ComponentStatus.MajorOutage, true, false },
        { "hand:major 10:00-12:24; hand:operational 11:12-12:24", "", 0.95, ComponentStatus.MajorOutage, false, false },
        { "hand:major 10:00-12:24", "operational 10:00-12:24 @1", 1.0, ComponentStatus.Operational, false, true },

        // Where corrections overlap, the later one wins, whatever order they are listed in.
        { "", "major 10:00-12:00 @1; operational 11:00-12:00 @2", 1 - (1.0 / 24), ComponentStatus.MajorOutage, false, true },
        { "", "operational 11:00-12:00 @2; major 10:00-12:00 @1", 1 - (1.0 / 24), ComponentStatus.MajorOutage, false, true },
        { "", "major 10:00-12:00 @2; operational 11:00-12:00 @1", 1 - (2.0 / 24), ComponentStatus.MajorOutage, false, true },
    };

    [Theory]
    [MemberData(nameof(OneDay))]
    public void OneDaysBar_FromItsPeriodsAndCorrections(string periods, string corrections, double uptime, ComponentStatus worst, bool maintenance, bool corrected)
    {
        var result = Uptime.Of(Component, Periods(periods), Corrections(corrections), UptimeWeights.Default, Now);

        var day = DayOf(result, Day);
        Assert.Equal(uptime, day.Uptime, 9);
        Assert.Equal((1 - uptime) * 24, day.Down.TotalHours, 6);
        Assert.Equal(worst, day.Worst);
        Assert.Equal(maintenance, day.Maintenance);
        Assert.Equal(corrected, day.Corrected);
    }

    public static TheoryData<string, double> NinetyDays() => new()
    {
        // periods on one past day, the 90-day percentage (rounded to 2 places)
        { "", 100 },
        { "major 10:00-12:24", 99.89 },
        { "partial 10:00-12:24", Math.Round(100 * (1 - (0.72 / HoursOf90Days)), 2) },
        { "degraded 10:00-12:24", 100 },
        { "maintenance 00:00-24:00", 100 },
        { "major 00:00-24:00", Math.Round(100 * (1 - (24 / HoursOf90Days)), 2) },
        { "major 10:00-12:24; partial 10:00-12:24", 99.89 },
    };

    [Theory]
    [MemberData(nameof(NinetyDays))]
    public void ThePercentage_IsTheShareOfAllNinetyDaysThatWasUp(string periods, double percentage)
    {
        var result = Uptime.Of(Component, Periods(periods), [], UptimeWeights.Default, Now);

        Assert.Equal(Uptime.Days, result.Days.Count);
        Assert.Equal(percentage, result.Percentage, 9);
    }

    [Fact]
    public void NoPeriods_AreAHundredPercent_EveryDay()
    {
        var result = Uptime.Of(Component, [], [], UptimeWeights.Default, Now);

        Assert.Equal(100, result.Percentage);
        Assert.All(result.Days, d => Assert.Equal((1.0, ComponentStatus.Operational, TimeSpan.Zero, false, false), (d.Uptime, d.Worst, d.Down, d.Maintenance, d.Corrected)));
    }

    [Fact]
    public void TheDays_RunOldestFirst_EndingToday()
    {
        var result = Uptime.Of(Component, [], [], UptimeWeights.Default, Now, days: 7);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => Today.AddDays(i - 6)), result.Days.Select(d => d.Date));
    }

    [Theory]
    [InlineData(ComponentStatus.MajorOutage, 0.5, 0.1, 0.05, 0.95)]
    [InlineData(ComponentStatus.PartialOutage, 1.0, 0.5, 0.0, 0.95)]
    [InlineData(ComponentStatus.DegradedPerformance, 1.0, 0.3, 0.25, 0.975)]
    [InlineData(ComponentStatus.DegradedPerformance, 1.0, 0.3, 0.0, 1.0)]
    [InlineData(ComponentStatus.UnderMaintenance, 1.0, 1.0, 1.0, 1.0)]
    public void CustomWeights_SayHowMuchEachStatusCountsAsDown(ComponentStatus status, double major, double partial, double degraded, double uptime)
    {
        var periods = new[] { new StatusPeriod(Component, TimeOn(Day, "10:00"), TimeOn(Day, "12:24"), status) };

        var result = Uptime.Of(Component, periods, [], new UptimeWeights(major, partial, degraded), Now);

        Assert.Equal(uptime, DayOf(result, Day).Uptime, 9);
    }

    [Theory]
    [InlineData("major 06:00-07:12", 0.9)]
    [InlineData("major 10:48-open", 0.9)]
    [InlineData("major 00:00-open", 0.0)]
    [InlineData("major 13:00-14:00", 1.0)]
    [InlineData("partial 00:00-open", 0.7)]
    public void Today_CountsOnlyUpToNow(string periods, double uptime)
    {
        var result = Uptime.Of(Component, Periods(periods, Today), [], UptimeWeights.Default, Now);

        var today = result.Days[^1];
        Assert.Equal(Today, today.Date);
        Assert.Equal(uptime, today.Uptime, 9);
        Assert.Equal((1 - uptime) * 12, today.Down.TotalHours, 6);
    }

    [Fact]
    public void AnOpenPeriod_RunsThroughEveryDayUntilNow()
    {
        var result = Uptime.Of(Component, Periods("major 12:00-open", Today.AddDays(-2)), [], UptimeWeights.Default, Now);

        Assert.Equal([1.0, 0.5, 0.0, 0.0], result.Days.TakeLast(4).Select(d => d.Uptime));
        Assert.Equal(Math.Round(100 * (1 - (48 / HoursOf90Days)), 2), result.Percentage, 9);
    }

    [Fact]
    public void APeriodOverMidnight_CountsOnBothDays()
    {
        var result = Uptime.Of(Component, Periods("major 21:36-26:24"), [], UptimeWeights.Default, Now);

        Assert.Equal(0.9, DayOf(result, Day).Uptime, 9);
        Assert.Equal(0.9, DayOf(result, Day.AddDays(1)).Uptime, 9);
    }

    [Fact]
    public void OtherComponentsPeriods_DoNotCount()
    {
        var result = Uptime.Of(Component, Periods("major 10:00-12:24", component: "Web"), [], UptimeWeights.Default, Now);

        Assert.Equal(100, result.Percentage);
        Assert.Equal(1.0, DayOf(result, Day).Uptime);
    }

    [Fact]
    public void ACorrection_OnlyMarksTheDaysItTouches()
    {
        var result = Uptime.Of(Component, Periods("major 10:00-12:24"), Corrections("operational 10:00-12:24 @1"), UptimeWeights.Default, Now);

        Assert.Equal([Day], result.Days.Where(d => d.Corrected).Select(d => d.Date));
        Assert.Equal(100, result.Percentage);
    }

    [Fact]
    public void TheDefaultWeights_AreStatuspages()
    {
        Assert.Equal(new UptimeWeights(1.0, 0.3, 0.0), UptimeWeights.Default);
        Assert.Equal(0, UptimeWeights.Default.Of(ComponentStatus.UnderMaintenance));
        Assert.Equal(0, UptimeWeights.Default.Of(ComponentStatus.Operational));
    }
}
