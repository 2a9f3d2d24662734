using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Notifications;
using Firebreak.Server.Notifications.Channels.Webhook;

namespace Firebreak.Server.Notifications;

/// <summary>The notifications slice's own source-generated JSON: the stored message, the channels' bodies and the API's DTOs.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Notification))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(DeliveryPageDto))]
[JsonSerializable(typeof(DeliveryDto))]
[JsonSerializable(typeof(ChannelListDto))]
[JsonSerializable(typeof(ChannelTestDto))]
public sealed partial class NotificationsJson : JsonSerializerContext;
