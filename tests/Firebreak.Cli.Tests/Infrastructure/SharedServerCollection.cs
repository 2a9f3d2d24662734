namespace Firebreak.Cli.Tests.Infrastructure;

/// <summary>
/// One real server on the built-in policy, started once for the aspect command tests (triage, updates,
/// mitigations, investigation, evidence, guardrails) rather than once per class; xUnit runs the
/// classes of a collection one after another, so they share it as the tests of one class would.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<ServerProcess>
{
    public const string Name = "Shared server";
}
