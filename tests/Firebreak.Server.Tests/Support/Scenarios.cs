using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Firebreak.Server.Tests.Support;

/// <summary>Scenarios run against both storage engines: the SQLite tests and their PostgreSQL variants share them.</summary>
public static class Scenarios
{
    /// <summary>
    /// <paramref name="writers"/> clients each append <paramref name="entriesEach"/> entries to one
    /// incident at the same time. Every append must succeed and the timeline must hold each entry
    /// exactly once, at versions 1..N without gaps or duplicates.
    /// </summary>
    public static async Task ConcurrentAppendsToOneIncidentAsync(FirebreakFactory factory, int writers = 20, int entriesEach = 50)
    {
        using var admin = factory.Admin();
        var id = await admin.DeclareIdAsync("Many hands", "SEV-3");
        var declaredVersion = (await admin.GetIncidentAsync(id)).Long("version");

        var statuses = new ConcurrentBag<HttpStatusCode>();
        var failures = new ConcurrentBag<string>();
        var clients = Enumerable.Range(0, writers).Select(_ => factory.Admin()).ToList();
        try
        {
            using var start = new SemaphoreSlim(0, writers);
            var work = clients.Select((client, w) => Task.Run(async () =>
            {
                await start.WaitAsync();
                for (var i = 0; i < entriesEach; i++)
                {
                    using var response = await client.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind = "note", text = $"writer {w} entry {i}" });
                    statuses.Add(response.StatusCode);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        failures.Add($"writer {w} entry {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            })).ToList();
            start.Release(writers);
            await Task.WhenAll(work);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        var total = writers * entriesEach;
        Assert.Equal(total, statuses.Count);
        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.True(failures.IsEmpty, $"{failures.Count} appends failed, e.g.:\n{string.Join('\n', failures.Take(5))}");

        var incident = await admin.GetIncidentAsync(id);
        var finalVersion = incident.Long("version");
        Assert.Equal(declaredVersion + total, finalVersion);

        var timeline = await admin.TimelineAsync(id, "?limit=10000");
        Assert.Equal(JsonValueKind.Null, timeline.GetProperty("nextAfter").ValueKind);
        var items = timeline.Items();
        Assert.Equal(Enumerable.Range(1, (int)finalVersion).Select(v => (long)v), items.Select(i => i.Long("version")));

        var entries = items.Where(i => i.Str("type") == "incident.entry-added.v1").Select(i => i.Str("text")).ToList();
        Assert.Equal(total, entries.Count);
        var expected = Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, entriesEach).Select(i => $"writer {w} entry {i}"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), entries.Order(StringComparer.Ordinal));

        // Each writer's own entries are in the order that writer sent them.
        for (var w = 0; w < writers; w++)
        {
            var prefix = $"writer {w} entry ";
            var mine = entries.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).Select(t => int.Parse(t[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, entriesEach), mine);
        }
    }

    /// <summary>Declares through HTTP and finds the incident again by every list filter.</summary>
    public static async Task DeclareAndListAsync(FirebreakFactory factory)
    {
        using var admin = factory.Admin();
        var response = await admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout returns 502", severity = "P0", services = new[] { "Checkout" }, summary = "After deploy 42" });
        var declared = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        var id = declared.Long("id");
        Assert.Equal($"/api/v1/incidents/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal("SEV-1", declared.Str("severity"));

        var other = await admin.DeclareIdAsync("Search is slow", "SEV-3");
        await admin.ResolveAsync(other);
        await admin.AddEntryAsync(id, "symptom", "502 from the payment gateway");

        Assert.Equal(2, await admin.TotalAsync());
        Assert.Equal([id, other], (await admin.ListAsync()).Items().Select(i => i.Long("id")));
        Assert.Equal([id], (await admin.ListAsync("?severity=P0")).Items().Select(i => i.Long("id")));
        Assert.Equal([id], (await admin.ListAsync("?service=checkout")).Items().Select(i => i.Long("id")));
        Assert.Equal([id], (await admin.ListAsync("?q=deploy%2042")).Items().Select(i => i.Long("id")));
        Assert.Equal([id], (await admin.ListAsync("?status=investigating&active=true")).Items().Select(i => i.Long("id")));
        Assert.Equal([other], (await admin.ListAsync("?active=false")).Items().Select(i => i.Long("id")));
        Assert.Equal([other], (await admin.ListAsync("?limit=1&offset=1")).Items().Select(i => i.Long("id")));

        var shown = await admin.GetIncidentAsync(id);
        Assert.Equal(3, shown.Long("version"));
        Assert.Equal("502 from the payment gateway", (await admin.TimelineAsync(id)).Items()[^1].Str("text"));
    }

    /// <summary>A private incident is a 404 to a non-member, absent from their list, search and totals; admins and members see it.</summary>
    public static async Task PrivateIncidentVisibilityAsync(FirebreakFactory factory)
    {
        using var admin = factory.Admin();
        using var alice = await factory.UserAsync("alice");
        using var bob = await factory.UserAsync("bob");
        var secret = (await alice.DeclareAsync(new { title = "Payroll export leaks salaries", severity = "SEV-1", @private = true })).Long("id");
        var open = await admin.DeclareIdAsync("Public outage");
        var before = await alice.SnapshotAsync(secret);

        await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(secret)), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(secret, "timeline")), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await bob.PostAsJsonAsync(IncidentApi.Url(secret, "timeline"), new { kind = "note", text = "peek" }), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await bob.PostAsync(IncidentApi.Url(secret, "join"), null), HttpStatusCode.NotFound);
        Assert.Equal(before, await alice.SnapshotAsync(secret));

        Assert.Equal([open], (await bob.ListAsync()).Items().Select(i => i.Long("id")));
        Assert.Equal(1, await bob.TotalAsync());
        Assert.Equal(0, await bob.TotalAsync("?q=payroll"));

        Assert.Equal(2, await admin.TotalAsync());
        Assert.Equal(1, await admin.TotalAsync("?q=payroll"));
        await admin.GetIncidentAsync(secret);

        await alice.CommandAsync(secret, "roles", new { role = "scribe", user = "bob" });
        await bob.GetIncidentAsync(secret);
        Assert.Equal(2, await bob.TotalAsync());
        Assert.Equal(1, await bob.TotalAsync("?q=payroll"));
    }
}
