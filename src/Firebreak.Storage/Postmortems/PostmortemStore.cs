using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.ActionItems;
using Firebreak.Core.Common;
using Firebreak.Core.Postmortems;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Postmortems;

/// <summary>
/// The review's streams: one postmortem per incident (id: the incident's number) and one stream per
/// action item (id: its number), each with its folded state kept in <c>stream_states</c>.
/// </summary>
public sealed class PostmortemStore(StreamStore streams)
{
    public const string PostmortemType = "postmortem";
    public const string ActionType = "action";

    public StateStream<PostmortemState> Postmortems { get; } = new(streams, PostmortemType, PostmortemJson.Default.PostmortemState, EvolvePostmortem);

    public StateStream<ActionItemState> Actions { get; } = new(streams, ActionType, PostmortemJson.Default.ActionItemState, EvolveAction);

    public static IEnumerable<IEventCodec> Codecs =>
    [
        new JsonEventCodec(PostmortemType, PostmortemEventTypes.Map, PostmortemJson.Default),
        new JsonEventCodec(ActionType, ActionItemEventTypes.Map, PostmortemJson.Default),
    ];

    public static IEnumerable<IProjection> Projections =>
    [
        StateStream<PostmortemState>.Projection(PostmortemType, PostmortemJson.Default.PostmortemState),
        StateStream<ActionItemState>.Projection(ActionType, PostmortemJson.Default.ActionItemState),
    ];

    public static string Id(long number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The action items of one incident, in the order they were written.</summary>
    public async Task<IReadOnlyList<ActionItemState>> ActionsOfAsync(long incidentId, CancellationToken cancellationToken) =>
        [.. (await Actions.ListAsync(cancellationToken)).Where(a => a.IncidentId == incidentId).OrderBy(a => a.Id)];

    private static PostmortemState EvolvePostmortem(PostmortemState? state, string id, StoredEvent e) =>
        Postmortem.Evolve(state, e.Version, (IPostmortemEvent)e.Event, e.Actor, e.OccurredAt);

    private static ActionItemState EvolveAction(ActionItemState? state, string id, StoredEvent e) =>
        ActionItem.Evolve(state, long.Parse(id, CultureInfo.InvariantCulture), e.Version, (IActionItemEvent)e.Event, e.Actor, e.OccurredAt);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PostmortemState))]
[JsonSerializable(typeof(ActionItemState))]
[JsonSerializable(typeof(PostmortemCreated))]
[JsonSerializable(typeof(PostmortemSectionEdited))]
[JsonSerializable(typeof(PostmortemTimelineCurated))]
[JsonSerializable(typeof(PostmortemWhysSet))]
[JsonSerializable(typeof(PostmortemCauseTagsSet))]
[JsonSerializable(typeof(PostmortemReviewRequested))]
[JsonSerializable(typeof(PostmortemPublished))]
[JsonSerializable(typeof(PostmortemReopened))]
[JsonSerializable(typeof(PostmortemFindingDismissed))]
[JsonSerializable(typeof(PostmortemReminded))]
[JsonSerializable(typeof(ActionItemCreated))]
[JsonSerializable(typeof(ActionItemChanged))]
[JsonSerializable(typeof(ActionItemStatusChanged))]
[JsonSerializable(typeof(ActionItemPushRequested))]
[JsonSerializable(typeof(ActionItemPushed))]
[JsonSerializable(typeof(ActionItemReminded))]
public sealed partial class PostmortemJson : JsonSerializerContext;
