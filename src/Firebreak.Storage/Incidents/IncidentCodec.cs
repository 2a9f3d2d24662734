using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Incidents;

/// <summary>The incident stream type's stored names and payloads; older shapes pass through the upcasters first.</summary>
public sealed class IncidentCodec(IncidentUpcasters? upcasters = null) : IEventCodec
{
    private readonly IncidentUpcasters _upcasters = upcasters ?? IncidentUpcasters.Released;

    public string StreamType => IncidentStore.StreamType;

    public string NameOf(IEvent e) => EventTypes.NameOf((IIncidentEvent)e);

    public string Encode(IEvent e) => StorageJson.SerializeEvent((IIncidentEvent)e);

    public IEvent Decode(string name, string data)
    {
        var (current, payload) = _upcasters.Upcast(name, data);
        return StorageJson.DeserializeEvent(current, payload);
    }
}
