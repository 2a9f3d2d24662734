using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Evidence;

/// <summary>Many clients attaching evidence to one incident at once: every item is kept once, with its event, on each storage engine.</summary>
public sealed class EvidenceConcurrencyTests
{
    [Fact]
    public async Task Sqlite_ConcurrentUploads_AreAllKeptOnce() => await ConcurrentUploadsAsync(new FirebreakFactory { SchedulerLoop = false });

    [PostgresFact]
    public async Task Postgres_ConcurrentUploads_AreAllKeptOnce() =>
        await ConcurrentUploadsAsync(new FirebreakFactory(await TestDatabases.NewPostgresDatabaseAsync()) { SchedulerLoop = false });

    private static async Task ConcurrentUploadsAsync(FirebreakFactory factory, int writers = 8, int each = 5)
    {
        await using var _ = factory;
        using var admin = factory.Admin();
        var id = await admin.DeclareIdAsync("Many hands");
        var declared = (await admin.GetIncidentAsync(id)).Long("version");

        var failures = new ConcurrentBag<string>();
        var clients = Enumerable.Range(0, writers).Select(_ => factory.Admin()).ToList();
        try
        {
            await Task.WhenAll(clients.Select((client, w) => Task.Run(async () =>
            {
                for (var i = 0; i < each; i++)
                {
                    using var response = await client.UploadAsync(id, [(byte)w, (byte)i, 0], $"?name=w{w}-{i}.bin");
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        failures.Add($"w{w}-{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            })));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(5)));
        var sent = Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, each).Select(i => (Name: $"w{w}-{i}.bin", Bytes: new byte[] { (byte)w, (byte)i, 0 })))
            .ToDictionary(f => f.Name, f => Convert.ToHexStringLower(SHA256.HashData(f.Bytes)));
        var items = (await admin.EvidenceAsync(id)).EnumerateArray().ToList();
        Assert.Equal(sent.Keys.Order(StringComparer.Ordinal), items.Select(e => e.Str("name")).Order(StringComparer.Ordinal));
        Assert.All(items, e => Assert.Equal(sent[e.Str("name")], e.Str("sha256")));

        var incident = await admin.GetIncidentAsync(id);
        Assert.Equal(writers * each, incident.Long("evidenceCount"));
        Assert.Equal(declared + (writers * each), incident.Long("version"));
        var attached = await admin.OfTypeAsync(id, "incident.evidence-attached.v2");
        Assert.Equal(items.Select(e => e.Long("id")).Order(), attached.Select(a => long.Parse(a.Str("text").Split('#', ' ')[2], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }
}
