using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firebreak.Server.Alerts;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IntakeAnswer))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(AlertGroupDto))]
[JsonSerializable(typeof(AlertGroupListDto))]
[JsonSerializable(typeof(AlertPageDto))]
[JsonSerializable(typeof(AlertGroupCommandRequest))]
[JsonSerializable(typeof(IntegrationRequest))]
[JsonSerializable(typeof(RuleMarkRequest))]
[JsonSerializable(typeof(RuleDto))]
[JsonSerializable(typeof(RuleReviewDto))]
[JsonSerializable(typeof(IntegrationDto))]
[JsonSerializable(typeof(IntegrationKeyDto))]
[JsonSerializable(typeof(IntegrationListDto))]
public sealed partial class AlertJson : JsonSerializerContext;

/// <summary>PagerDuty's own field names (snake_case), for its answers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PagerDutyAnswer))]
[JsonSerializable(typeof(PagerDutyFailure))]
public sealed partial class PagerDutyJson : JsonSerializerContext;
