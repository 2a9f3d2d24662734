using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;
using Firebreak.Core.StatusPage;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.StatusPage;

/// <summary>
/// The status page's own streams: one per component (its status set by hand, uptime corrections;
/// id: the component's name in lowercase) and one per maintenance (id: its number).
/// </summary>
public sealed class StatusPageStore(StreamStore streams)
{
    public const string ComponentType = "component";
    public const string MaintenanceType = "maintenance";

    public StateStream<ComponentRecord> Components { get; } = new(streams, ComponentType, StatusPageJson.Default.ComponentRecord, EvolveComponent);

    public StateStream<MaintenanceState> Maintenances { get; } = new(streams, MaintenanceType, StatusPageJson.Default.MaintenanceState, EvolveMaintenance);

    /// <summary>The codecs and projections a stream store needs for the status page's streams.</summary>
    public static IEnumerable<IEventCodec> Codecs =>
        [new JsonEventCodec(ComponentType, StatusPageEventTypes.Map, StatusPageJson.Default), new JsonEventCodec(MaintenanceType, StatusPageEventTypes.Map, StatusPageJson.Default)];

    public static IEnumerable<IProjection> Projections =>
    [
        StateStream<ComponentRecord>.Projection(ComponentType, StatusPageJson.Default.ComponentRecord),
        StateStream<MaintenanceState>.Projection(MaintenanceType, StatusPageJson.Default.MaintenanceState),
    ];

    public static string ComponentId(string name) => name.ToLowerInvariant();

    public static StreamId MaintenanceStream(long id) => new(MaintenanceType, id.ToString(CultureInfo.InvariantCulture));

    private static ComponentRecord EvolveComponent(ComponentRecord? record, string id, StoredEvent e) =>
        Core.StatusPage.Components.Evolve(record ?? new ComponentRecord { Name = id, Version = 0 }, e.Version, (IStatusPageEvent)e.Event, e.Actor, e.OccurredAt);

    private static MaintenanceState EvolveMaintenance(MaintenanceState? state, string id, StoredEvent e) =>
        Maintenance.Evolve(state, long.Parse(id, CultureInfo.InvariantCulture), e.Version, (IStatusPageEvent)e.Event, e.Actor, e.OccurredAt);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ComponentRecord))]
[JsonSerializable(typeof(MaintenanceState))]
[JsonSerializable(typeof(ComponentStatusSet))]
[JsonSerializable(typeof(UptimeCorrected))]
[JsonSerializable(typeof(MaintenanceScheduled))]
[JsonSerializable(typeof(MaintenanceProgressed))]
[JsonSerializable(typeof(MaintenanceCancelled))]
[JsonSerializable(typeof(MaintenanceReminded))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
public sealed partial class StatusPageJson : JsonSerializerContext;
