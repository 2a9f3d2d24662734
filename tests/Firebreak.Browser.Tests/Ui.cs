using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Firebreak.Browser.Tests;

/// <summary>Small helpers shared by the browser tests.</summary>
public static partial class Ui
{
    /// <summary>A title no other test uses, so tests can share a server and still find their own incident.</summary>
    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The folder holding Firebreak.slnx, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Firebreak.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Firebreak.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>The incident number in the URL of an incident room.</summary>
    public static long IncidentId(IPage page)
    {
        var match = RoomUrl().Match(new Uri(page.Url).AbsolutePath);
        Assert.True(match.Success, $"Not an incident room: {page.Url}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Fills the declare form (title, triage answers, services, private) and submits it; returns the new incident's number.</summary>
    /// <remarks>With scripts on, each answer asks the server for a suggestion; the last one is awaited so the page is still when the rest is filled.</remarks>
    public static async Task<long> DeclareAsync(IPage page, string title, string? services = null, bool isPrivate = false, IReadOnlyDictionary<string, string>? triage = null, bool scripts = true)
    {
        await page.GotoAsync("/incidents/new");
        await page.GetByLabel("What is broken? (one line)").FillAsync(title);
        foreach (var (question, answer) in triage ?? new Dictionary<string, string>())
        {
            var select = page.Locator($"#{question}");
            if (scripts)
            {
                await page.RunAndWaitForResponseAsync(() => select.SelectOptionAsync(answer), r => r.Url.Contains("/ui/triage?", StringComparison.Ordinal));
            }
            else
            {
                await select.SelectOptionAsync(answer);
            }
        }

        if (scripts && triage is { Count: > 0 })
        {
            await Assertions.Expect(page.Locator("#suggestion")).Not.ToContainTextAsync("answer the questions");
        }

        if (services is not null)
        {
            await page.GetByLabel("Affected services (comma-separated)").FillAsync(services);
        }

        if (isPrivate)
        {
            await page.GetByLabel("Private: only members and admins can see it (security incidents)").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Declare", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(AnyRoomUrl());
        return IncidentId(page);
    }

    /// <summary>The timeline's text (the live-appended part included).</summary>
    public static ILocator Timeline(IPage page) => page.Locator("#timeline");

    /// <summary>Reloads until the condition holds, at most <paramref name="within"/>.</summary>
    public static async Task ReloadUntilAsync(IPage page, Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"Gave up after {within.TotalSeconds} s waiting for {what}. The page shows:\n{await page.Locator("main").InnerTextAsync()}");
            }

            await Task.Delay(500);
            await page.ReloadAsync();
        }
    }

    [GeneratedRegex(@"^/incidents/(\d+)$")]
    private static partial Regex RoomUrl();

    /// <summary>Matches the full URL of any incident room (with or without a query).</summary>
    [GeneratedRegex(@"/incidents/\d+(\?.*)?$")]
    public static partial Regex AnyRoomUrl();
}

/// <summary>Records every JavaScript dialog (alert, confirm, prompt) a page opens, and dismisses it.</summary>
public sealed class DialogRecorder
{
    private readonly List<string> _messages = [];

    public DialogRecorder(IPage page) =>
        page.Dialog += async (_, dialog) =>
        {
            lock (_messages)
            {
                _messages.Add(dialog.Message);
            }

            await dialog.DismissAsync();
        };

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }
}
