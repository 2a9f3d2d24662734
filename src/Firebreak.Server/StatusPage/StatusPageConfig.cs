using Firebreak.Core.StatusPage;

namespace Firebreak.Server.StatusPage;

/// <summary>The statusPage section of firebreak.yaml: the page's name and its components, in order.</summary>
public sealed record StatusPageConfig(string Name, IReadOnlyList<StatusComponent> Components)
{
    public static readonly StatusPageConfig Default = new("Status", []);
}
