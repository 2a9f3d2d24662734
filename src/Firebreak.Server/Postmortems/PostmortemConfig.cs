using Firebreak.Core.Postmortems;
using Firebreak.Server.Postmortems.Trackers;

namespace Firebreak.Server.Postmortems;

/// <summary>The postmortems section of firebreak.yaml: the blameless-language check with its rules, and the trackers action items can be pushed to.</summary>
public sealed record PostmortemConfig(BlamelessCheck Blame)
{
    public static PostmortemConfig Default { get; } = new(new BlamelessCheck());

    public IReadOnlyList<TrackerOptions> Trackers { get; init; } = [];

    public TrackerOptions? Tracker(string name) => Trackers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
