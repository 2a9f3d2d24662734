using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Reports;

namespace Firebreak.Server.Reports;

/// <summary>The reports slice's own source-generated JSON.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LearningReport))]
public sealed partial class ReportsJson : JsonSerializerContext;
