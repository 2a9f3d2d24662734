using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firebreak.Server.Audit;

/// <summary>The audit slice's own source-generated JSON.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuditPageDto))]
public sealed partial class AuditJson : JsonSerializerContext;
