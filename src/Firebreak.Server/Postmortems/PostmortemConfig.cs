using Firebreak.Core.Postmortems;

namespace Firebreak.Server.Postmortems;

/// <summary>The postmortems section of firebreak.yaml: the blameless-language check with its rules.</summary>
public sealed record PostmortemConfig(BlamelessCheck Blame)
{
    public static PostmortemConfig Default { get; } = new(new BlamelessCheck());
}
