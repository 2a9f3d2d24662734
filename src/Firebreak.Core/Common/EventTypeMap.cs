namespace Firebreak.Core.Common;

/// <summary>A stream type's stored event names and the types they stand for (a storage contract: a changed shape gets a new name).</summary>
public sealed class EventTypeMap
{
    private readonly Dictionary<string, Type> _byName;
    private readonly Dictionary<Type, string> _byType;

    public EventTypeMap(params (string Name, Type Type)[] map)
    {
        _byName = map.ToDictionary(m => m.Name, m => m.Type);
        _byType = map.ToDictionary(m => m.Type, m => m.Name);
    }

    public IReadOnlyCollection<Type> All => _byType.Keys;

    public string NameOf(IEvent e) =>
        _byType.TryGetValue(e.GetType(), out var name) ? name : throw new InvalidOperationException($"{e.GetType().Name} has no stored name.");

    public Type TypeOf(string name) =>
        _byName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"Unknown stored event type '{name}'.");
}
