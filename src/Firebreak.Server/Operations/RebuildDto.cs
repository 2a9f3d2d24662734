namespace Firebreak.Server.Operations;

/// <summary>What a rebuild did: how many incidents' read models were rewritten from their events.</summary>
public sealed record RebuildDto(int Rebuilt);
