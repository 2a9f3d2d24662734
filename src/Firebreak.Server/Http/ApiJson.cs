using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Server.Access;
using Firebreak.Server.Evidence;
using Firebreak.Server.Incidents;
using Firebreak.Server.Investigation;
using Firebreak.Server.Mitigations;
using Firebreak.Server.Triage;
using Firebreak.Server.Updates;

namespace Firebreak.Server.Http;

/// <summary>Source-generated JSON for every API request and response body.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DeclareIncidentRequest))]
[JsonSerializable(typeof(StatusPage.StateImpactRequest))]
[JsonSerializable(typeof(AddEntryRequest))]
[JsonSerializable(typeof(ChangeStatusRequest))]
[JsonSerializable(typeof(ChangeSeverityRequest))]
[JsonSerializable(typeof(AssignRoleRequest))]
[JsonSerializable(typeof(PinRequest))]
[JsonSerializable(typeof(DeclineRequest))]
[JsonSerializable(typeof(IncidentDto))]
[JsonSerializable(typeof(IncidentListDto))]
[JsonSerializable(typeof(TimelineDto))]
[JsonSerializable(typeof(TimelineItemDto))]
[JsonSerializable(typeof(List<TimelineItemDto>))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(List<UserDto>))]
[JsonSerializable(typeof(CreatedUserDto))]
[JsonSerializable(typeof(TokenDto))]
[JsonSerializable(typeof(List<TokenDto>))]
[JsonSerializable(typeof(CreatedTokenDto))]
[JsonSerializable(typeof(SessionsEndedDto))]
[JsonSerializable(typeof(TriageRequest))]
[JsonSerializable(typeof(Firebreak.Core.Triage.TriageSuggestion))]
[JsonSerializable(typeof(PostUpdateRequest))]
[JsonSerializable(typeof(ProposeMitigationRequest))]
[JsonSerializable(typeof(MitigationStepRequest))]
[JsonSerializable(typeof(ChecklistItemRequest))]
[JsonSerializable(typeof(HypothesisRequest))]
[JsonSerializable(typeof(EvidenceRequest))]
[JsonSerializable(typeof(EvidenceDto))]
[JsonSerializable(typeof(List<EvidenceDto>))]
[JsonSerializable(typeof(UpdateDraftDto))]
[JsonSerializable(typeof(SeverityDto))]
[JsonSerializable(typeof(List<SeverityDto>))]
public sealed partial class ApiJson : JsonSerializerContext;
