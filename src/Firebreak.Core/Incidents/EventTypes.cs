namespace Firebreak.Core.Incidents;

/// <summary>
/// The stable stored names of the incident events. These strings are a storage contract: a changed
/// shape gets a new name (…v2) and an upcaster, never a rename.
/// </summary>
public static class EventTypes
{
    private static readonly (string Name, Type Type)[] Map =
    [
        ("incident.declared.v1", typeof(IncidentDeclared)),
        ("incident.entry-added.v1", typeof(TimelineEntryAdded)),
        ("incident.entry-pinned.v1", typeof(EntryPinned)),
        ("incident.entry-unpinned.v1", typeof(EntryUnpinned)),
        ("incident.status-changed.v1", typeof(StatusChanged)),
        ("incident.severity-changed.v1", typeof(SeverityChanged)),
        ("incident.role-assigned.v1", typeof(RoleAssigned)),
        ("incident.responder-joined.v1", typeof(ResponderJoined)),
        ("incident.responder-left.v1", typeof(ResponderLeft)),
        ("incident.declined.v1", typeof(IncidentDeclined)),
    ];

    private static readonly Dictionary<string, Type> ByName = Map.ToDictionary(m => m.Name, m => m.Type);
    private static readonly Dictionary<Type, string> ByType = Map.ToDictionary(m => m.Type, m => m.Name);

    public static IReadOnlyCollection<Type> All => ByType.Keys;

    public static string NameOf(IIncidentEvent e) =>
        ByType.TryGetValue(e.GetType(), out var name) ? name : throw new InvalidOperationException($"{e.GetType().Name} has no stored name.");

    public static Type TypeOf(string name) =>
        ByName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"Unknown stored event type '{name}'.");
}
