using System.Text.Json.Serialization;

namespace Firebreak.Core.Access;

/// <summary>What an account may do: viewers read, responders run incidents, admins also manage accounts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UserRole>))]
public enum UserRole
{
    [JsonStringEnumMemberName("viewer")] Viewer,
    [JsonStringEnumMemberName("responder")] Responder,
    [JsonStringEnumMemberName("admin")] Admin,
}
