using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Incidents;

namespace Firebreak.Storage.Incidents;

/// <summary>Source-generated JSON for what the event store writes: event payloads and state snapshots.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IncidentState))]
[JsonSerializable(typeof(IncidentDeclared))]
[JsonSerializable(typeof(TimelineEntryAdded))]
[JsonSerializable(typeof(EntryPinned))]
[JsonSerializable(typeof(EntryUnpinned))]
[JsonSerializable(typeof(StatusChanged))]
[JsonSerializable(typeof(SeverityChanged))]
[JsonSerializable(typeof(ImpactStated))]
[JsonSerializable(typeof(RoleAssigned))]
[JsonSerializable(typeof(ResponderJoined))]
[JsonSerializable(typeof(ResponderLeft))]
[JsonSerializable(typeof(IncidentDeclined))]
[JsonSerializable(typeof(TriageRecorded))]
[JsonSerializable(typeof(ChecklistAdded))]
[JsonSerializable(typeof(ChecklistItemChecked))]
[JsonSerializable(typeof(UpdatePosted))]
[JsonSerializable(typeof(HypothesisUpdated))]
[JsonSerializable(typeof(MitigationProposed))]
[JsonSerializable(typeof(MitigationApproved))]
[JsonSerializable(typeof(MitigationStarted))]
[JsonSerializable(typeof(MitigationApplied))]
[JsonSerializable(typeof(MitigationVerified))]
[JsonSerializable(typeof(MitigationAbandoned))]
[JsonSerializable(typeof(EvidenceAttached))]
[JsonSerializable(typeof(GuardrailFired))]
[JsonSerializable(typeof(GuardrailOverridden))]
[JsonSerializable(typeof(VerificationStarted))]
[JsonSerializable(typeof(VerificationCheckFailed))]
[JsonSerializable(typeof(VerificationCheckRecovered))]
[JsonSerializable(typeof(VerificationCheckHealthy))]
[JsonSerializable(typeof(VerificationPassed))]
[JsonSerializable(typeof(VerificationRecurred))]
internal sealed partial class StorageJson : JsonSerializerContext
{
    public static string SerializeEvent(IIncidentEvent e) => JsonSerializer.Serialize(e, e.GetType(), Default);

    public static IIncidentEvent DeserializeEvent(string type, string data) =>
        (IIncidentEvent)JsonSerializer.Deserialize(data, EventTypes.TypeOf(type), Default)!;

    public static string SerializeState(IncidentState state) => JsonSerializer.Serialize(state, Default.IncidentState);

    public static IncidentState DeserializeState(string json) => JsonSerializer.Deserialize(json, Default.IncidentState)!;
}
