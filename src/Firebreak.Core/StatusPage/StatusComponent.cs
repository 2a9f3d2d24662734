namespace Firebreak.Core.StatusPage;

/// <summary>
/// A component of the public status page as firebreak.yaml declares it: its name, the group it is shown
/// in (null: at the top level), a description, and the services whose incidents affect it. Components
/// are shown in the order they are declared.
/// </summary>
public sealed record StatusComponent(string Name, string? Group, string? Description, IReadOnlyList<string> Services)
{
    /// <summary>Whether an incident naming <paramref name="services"/> affects this component.</summary>
    public bool IsAffectedBy(IReadOnlyList<string> services) =>
        services.Any(s => Services.Contains(s, StringComparer.OrdinalIgnoreCase));
}
