using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

/// <summary>
/// How one stream type's events are stored: a stable name and a JSON payload per event. A slice
/// registers one codec for its stream type; the names are a storage contract (a changed shape gets
/// a new name and an upcaster that reads the old one).
/// </summary>
public interface IEventCodec
{
    string StreamType { get; }

    /// <summary>The stored name of an event of this stream type.</summary>
    string NameOf(IEvent e);

    string Encode(IEvent e);

    /// <summary>Reads a stored event, upcasting an older shape to the current one.</summary>
    IEvent Decode(string name, string data);
}
