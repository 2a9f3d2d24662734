using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

/// <summary>A stream type whose events are stored as they are, by their names in <paramref name="map"/>, as JSON from a source-generated context.</summary>
public sealed class JsonEventCodec(string streamType, EventTypeMap map, JsonSerializerContext json) : IEventCodec
{
    public string StreamType => streamType;

    public string NameOf(IEvent e) => map.NameOf(e);

    public string Encode(IEvent e) => JsonSerializer.Serialize(e, e.GetType(), json);

    public IEvent Decode(string name, string data) =>
        (IEvent)(JsonSerializer.Deserialize(data, map.TypeOf(name), json)
                 ?? throw new JsonException($"A stored {name} event is empty."));
}
