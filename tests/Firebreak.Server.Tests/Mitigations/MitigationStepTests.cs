using System.Net;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Mitigations;

/// <summary>Mitigation steps that take no fields need no body (approve, start and apply take no body).</summary>
public sealed class MitigationStepTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task ApproveStartApply_WithoutABody_Work()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync("Orders table bloated", "SEV-2");
        await admin.CommandAsync(id, "roles", new { role = "commander", user = "admin" });
        await admin.ProposeAsync(id, new { kind = "other", title = "VACUUM FULL the orders table", risky = true, expectedEffect = "Writes fast again" });

        foreach (var (step, state) in new[] { ("approve", "proposed"), ("start", "started"), ("apply", "applied") })
        {
            var response = await admin.PostAsync(IncidentApi.Url(id, $"mitigations/1/{step}"), content: null);
            var incident = await HttpAssert.JsonAsync(response);
            Assert.Equal(state, incident.GetProperty("mitigations")[0].Str("state"));
        }
    }

    public void Dispose() => _factory.Dispose();
}
