using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;
using Firebreak.Core.Updates;

namespace Firebreak.Core.Tests.Updates;

/// <summary>The public status history marks the steps an update skipped and a monitoring step shorter than the window.</summary>
public sealed class PublicHistoryTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static PublicStep Step(long version, PublicStatus status, double minute) => new(version, status, Given.Minute(minute));

    [Fact]
    public void InvestigatingThenResolved_MarksIdentifiedAndMonitoringAsSkipped()
    {
        var marks = PublicHistory.Of([Step(2, PublicStatus.Investigating, 0), Step(5, PublicStatus.Resolved, 30)], Window);

        Assert.Null(marks[0].Text);
        Assert.Equal([PublicStatus.Identified, PublicStatus.Monitoring], marks[1].Skipped);
        Assert.Equal("skipped: identified, monitoring", marks[1].Text);
    }

    [Fact]
    public void EveryStepInTurn_WithAFullWindow_IsUnmarked()
    {
        var marks = PublicHistory.Of([Step(2, PublicStatus.Investigating, 0), Step(3, PublicStatus.Identified, 5), Step(4, PublicStatus.Monitoring, 10), Step(6, PublicStatus.Monitoring, 20), Step(7, PublicStatus.Resolved, 25)], Window);

        Assert.All(marks, m => Assert.Null(m.Text));
    }

    [Fact]
    public void MonitoringShorterThanTheWindow_IsMarkedOnTheMonitoringStep()
    {
        var marks = PublicHistory.Of([Step(2, PublicStatus.Investigating, 0), Step(3, PublicStatus.Identified, 5), Step(4, PublicStatus.Monitoring, 10), Step(5, PublicStatus.Resolved, 14)], Window);

        Assert.Equal(TimeSpan.FromMinutes(4), marks[2].ShortMonitoring);
        Assert.Equal("monitoring lasted 4 min, less than the 15 min monitoring window", marks[2].Text);
        Assert.Null(marks[3].Text);
    }

    [Fact]
    public void MonitoringThatGoesBackToInvestigating_IsNotShort_AndGoingBackSkipsNothing()
    {
        var marks = PublicHistory.Of([Step(2, PublicStatus.Investigating, 0), Step(3, PublicStatus.Identified, 1), Step(4, PublicStatus.Monitoring, 2), Step(5, PublicStatus.Investigating, 3)], Window);

        Assert.All(marks, m => Assert.Null(m.Text));
    }

    [Fact]
    public void FirstUpdate_CountsFromInvestigating()
    {
        Assert.Equal("skipped: investigating, identified", PublicHistory.Of([Step(2, PublicStatus.Monitoring, 0)], Window)[0].Text);
    }

    [Fact]
    public void State_FoldsThePublicUpdates_OnlyThoseWithAStatus()
    {
        var state = Given.Incident(Given.Declaration(), new PostUpdate("public", "investigating", "Looking into it."), new PostUpdate("internal", null, "Rolling back."), new PostUpdate("public", "resolved", "Fixed."));

        Assert.Equal([PublicStatus.Investigating, PublicStatus.Resolved], state.PublicSteps.Select(s => s.Status));
        Assert.True(state.PublicSteps[0].Version < state.PublicSteps[1].Version);
    }
}
