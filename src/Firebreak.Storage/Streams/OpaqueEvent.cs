using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

/// <summary>An event of a stream type this node has no codec for: kept as stored, passed through untouched.</summary>
public sealed record OpaqueEvent(string Name, string Data) : IEvent;
