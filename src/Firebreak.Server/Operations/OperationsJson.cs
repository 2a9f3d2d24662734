using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firebreak.Server.Operations;

/// <summary>The operations slice's own source-generated JSON.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StatsDto))]
[JsonSerializable(typeof(RebuildDto))]
public sealed partial class OperationsJson : JsonSerializerContext;
