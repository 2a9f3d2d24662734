using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;

namespace Firebreak.Server.StatusPage;

/// <summary>
/// The public page as one HTML document, rendered once per snapshot: plain HTML with its styles inline,
/// no script, landmarks and headings, every status in words as well as colour, every text encoded.
/// </summary>
public static class StatusPageHtml
{
    /// <summary>The page's styles with the configured accent, served as /status/style.css (the page allows no inline style).</summary>
    public static string CssFor(StatusPageConfig page) => Css.Replace("#1f4f99", page.Accent, StringComparison.Ordinal);

    /// <summary>The page's styles (the accent is the default's; see <see cref="CssFor"/>).</summary>
    public const string Css = "header{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap;border-bottom:4px solid #1f4f99}header img{max-height:2.5rem;max-width:10rem}nav a{margin-right:1rem;color:#1f4f99}a{color:#1f4f99}.bars{display:flex;gap:1px;height:2rem;align-items:stretch;margin:.25rem 0}.bar{flex:1;min-width:1px;background:#2e7d32}.bar.degraded-performance{background:#c68a00}.bar.partial-outage{background:#e65100}.bar.major-outage{background:#b71c1c}.bar.maintenance{outline:2px solid #0d47a1;outline-offset:-2px}.uptime{display:flex;justify-content:space-between}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:46rem;padding:1rem;color:#1b1b1b;background:#fff}h1{font-size:1.6rem}.overall{padding:1rem;border-radius:6px;font-weight:700;border:2px solid}.operational{border-color:#1b5e20;color:#1b5e20}.degraded-performance{border-color:#8a5300;color:#8a5300}.partial-outage{border-color:#b34700;color:#b34700}.major-outage{border-color:#b71c1c;color:#b71c1c}.under-maintenance{border-color:#0d47a1;color:#0d47a1}ul{list-style:none;padding:0}li.component{display:flex;justify-content:space-between;gap:1rem;border-bottom:1px solid #ddd;padding:.5rem 0}.update{margin:.5rem 0 .5rem 1rem}.muted{color:#555;font-size:.9rem}article{border-top:1px solid #ddd;padding:.5rem 0}p,li,h3{overflow-wrap:anywhere}";

    /// <summary>The history's address: page 1 is /status/history, page N /status/history/N.</summary>
    public const string HistoryPath = "/status/history";

    /// <summary>How many months one page of the history holds.</summary>
    public const int MonthsPerPage = 3;

    /// <summary>One page of the history: its number, how many there are, and its months (newest first) with their resolved incidents.</summary>
    public sealed record HistoryPage(int Number, int Count, IReadOnlyList<(DateOnly Month, IReadOnlyList<PublicIncident> Incidents)> Months)
    {
        public string Path => PathOf(Number);

        public static string PathOf(int number) => number == 1 ? HistoryPath : $"{HistoryPath}/{number.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The past incidents by the month they started (UTC), newest first, <see cref="MonthsPerPage"/> months a page; one empty page when there are none.</summary>
    public static IReadOnlyList<HistoryPage> History(StatusBoard board)
    {
        var months = board.Incidents.Where(i => !i.IsActive)
            .GroupBy(i => new DateOnly(i.StartedAt.UtcDateTime.Year, i.StartedAt.UtcDateTime.Month, 1))
            .OrderByDescending(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<PublicIncident>)[.. g.OrderByDescending(i => i.StartedAt)]))
            .ToList();
        var count = Math.Max(1, (months.Count + MonthsPerPage - 1) / MonthsPerPage);
        return [.. Enumerable.Range(1, count).Select(n => new HistoryPage(n, count, [.. months.Skip((n - 1) * MonthsPerPage).Take(MonthsPerPage)]))];
    }

    /// <summary>A public incident's own page: /status/incidents/7.</summary>
    public static string IncidentPath(long id) => $"/status/incidents/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Render(StatusPageConfig page, StatusBoard board, HistoryPage? history = null, PublicIncident? incident = null)
    {
        var html = new StringBuilder(8192);
        string E(string text) => HtmlEncoder.Default.Encode(text);
        string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string Word(ComponentStatus s) => s switch
        {
            ComponentStatus.Operational => "Operational",
            ComponentStatus.UnderMaintenance => "Under maintenance",
            ComponentStatus.DegradedPerformance => "Degraded performance",
            ComponentStatus.PartialOutage => "Partial outage",
            _ => "Major outage",
        };
        string Class(ComponentStatus s) => WireNames.Of(s).Replace('_', '-');

        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(page.Name)).Append("</title><link rel=\"stylesheet\" href=\"/status/style.css\"><link rel=\"alternate\" type=\"application/atom+xml\" title=\"Incidents\" href=\"/status/feed.atom\">")
            .Append("</head><body><header>");
        if (page.LogoUrl is { } logo)
        {
            html.Append("<img src=\"").Append(E(logo.ToString())).Append("\" alt=\"\">");
        }

        html.Append("<h1>").Append(E(page.Name)).Append("</h1>");
        if (page.Links.Count > 0)
        {
            html.Append("<nav aria-label=\"Links\">");
            foreach (var link in page.Links)
            {
                html.Append("<a href=\"").Append(E(link.Url.ToString())).Append("\">").Append(E(link.Name)).Append("</a>");
            }

            html.Append("</nav>");
        }

        html.Append("</header><main>");
        if (history is not null || incident is not null)
        {
            if (history is not null)
            {
                RenderHistory(history);
            }
            else
            {
                RenderIncident(incident!);
            }

            // An incident's page says only what it holds, so it stays the same body until the incident changes.
            html.Append("</main>");
            if (history is not null)
            {
                html.Append("<footer><p class=\"muted\">Updated ").Append(Time(board.At)).Append("</p></footer>");
            }

            html.Append("</body></html>\n");
            return html.ToString();
        }

        html.Append("<p class=\"overall ").Append(Class(board.Overall)).Append("\" role=\"status\">").Append(E(StatusBoard.Describe(board.Overall))).Append("</p>");

        if (board.Components.Count > 0)
        {
            html.Append("<section aria-labelledby=\"components-h\"><h2 id=\"components-h\">Components</h2>");
            foreach (var group in board.Components.GroupBy(c => c.Component.Group))
            {
                if (group.Key is { } name)
                {
                    html.Append("<h3>").Append(E(name)).Append("</h3>");
                }

                html.Append("<ul>");
                foreach (var c in group)
                {
                    html.Append("<li class=\"component\"><span>").Append(E(c.Component.Name));
                    if (c.Component.Description is { } description)
                    {
                        html.Append(" <span class=\"muted\">").Append(E(description)).Append("</span>");
                    }

                    html.Append("</span><span class=\"").Append(Class(c.Status)).Append("\">").Append(Word(c.Status)).Append("</span></li>");
                    if (board.Uptime.TryGetValue(c.Component.Name, out var uptime))
                    {
                        Bars(c.Component.Name, uptime);
                    }
                }

                html.Append("</ul>");
            }

            html.Append("</section>");
        }

        // 90 bars, oldest first; each says its day, its worst status and its uptime in words (title and hidden text), not only in colour.
        void Bars(string name, ComponentUptime uptime)
        {
            html.Append("<li><div class=\"bars\" role=\"img\" aria-label=\"").Append(E(name)).Append(": ")
                .Append(uptime.Percentage.ToString("0.##", CultureInfo.InvariantCulture)).Append(" % uptime over the last ").Append(uptime.Days.Count.ToString(CultureInfo.InvariantCulture)).Append(" days\">");
            foreach (var day in uptime.Days)
            {
                var words = $"{day.Date:yyyy-MM-dd}: {(day.Worst == ComponentStatus.Operational ? "no incidents" : Word(day.Worst).ToLowerInvariant())}, {(day.Uptime * 100).ToString("0.##", CultureInfo.InvariantCulture)} % up{(day.Maintenance ? ", maintenance" : string.Empty)}{(day.Corrected ? ", corrected" : string.Empty)}";
                html.Append("<span class=\"bar ").Append(Class(day.Worst)).Append(day.Maintenance ? " maintenance" : string.Empty).Append("\" title=\"").Append(E(words)).Append("\"></span>");
            }

            html.Append("</div><div class=\"uptime muted\"><span>").Append(uptime.Days.Count.ToString(CultureInfo.InvariantCulture)).Append(" days ago</span><span>")
                .Append(uptime.Percentage.ToString("0.##", CultureInfo.InvariantCulture)).Append(" % uptime</span><span>Today</span></div></li>");
        }

        void Maintenances(string id, string title, IEnumerable<MaintenanceState> list)
        {
            var shown = list.ToList();
            if (shown.Count == 0)
            {
                return;
            }

            html.Append("<section aria-labelledby=\"").Append(id).Append("\"><h2 id=\"").Append(id).Append("\">").Append(title).Append("</h2>");
            foreach (var m in shown)
            {
                html.Append("<article id=\"maintenance-").Append(m.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><h3>").Append(E(m.Title)).Append("</h3><p class=\"muted\">")
                    .Append(Maintenance.Words(m.Status)).Append(" · ").Append(Time(m.StartsAt)).Append(" – ").Append(Time(m.EndsAt))
                    .Append(" · affects ").Append(E(string.Join(", ", m.Components))).Append("</p>");
                foreach (var note in m.Notes.Reverse())
                {
                    html.Append("<div class=\"update\"><strong>").Append(WireNames.Of(note.Status).Replace('_', ' ')).Append("</strong> — ")
                        .Append(E(note.Message)).Append(" <span class=\"muted\">").Append(Time(note.At)).Append("</span></div>");
                }

                html.Append("</article>");
            }

            html.Append("</section>");
        }

        // The incident alone: its progression through the four public steps (a skipped one said so, the
        // times those honestly reached), what it affects, when it started and was resolved, every update.
        void RenderIncident(PublicIncident i)
        {
            html.Append("<p><a href=\"/status\">Current status</a> · <a href=\"").Append(HistoryPath).Append("\">Incident history</a></p>");
            html.Append("<article id=\"incident-").Append(i.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><h2>").Append(E(i.Title)).Append("</h2><p class=\"muted\">Started ").Append(Time(i.StartedAt));
            if (i.ResolvedAt is { } resolved)
            {
                html.Append(" · resolved ").Append(Time(resolved));
            }

            html.Append("</p>");
            if (i.Affected.Count > 0)
            {
                html.Append("<p>Affects: ").Append(E(string.Join(", ", i.Affected.Select(a => $"{a.Component} ({Word(a.Status).ToLowerInvariant()})")))).Append("</p>");
            }

            html.Append("<h3>Progress</h3><ol class=\"progress\">");
            var reached = i.Updates.Select(u => u.Status).DefaultIfEmpty(Core.Updates.PublicStatus.Investigating).Max();
            foreach (var step in Enum.GetValues<Core.Updates.PublicStatus>())
            {
                var first = i.Updates.FirstOrDefault(u => u.Status == step);
                html.Append("<li>").Append(WireNames.Of(step)).Append(": ")
                    .Append(first is not null ? Time(first.At) : step < reached ? "skipped" : "not yet").Append("</li>");
            }

            html.Append("</ol><h3>Updates</h3>");
            foreach (var u in i.Updates.Reverse())
            {
                html.Append("<div class=\"update\"><strong>").Append(WireNames.Of(u.Status)).Append("</strong> — ")
                    .Append(E(u.Body)).Append(" <span class=\"muted\">").Append(Time(u.At)).Append("</span></div>");
            }

            html.Append("</article>");
        }

        void RenderHistory(HistoryPage h)
        {
            html.Append("<h2>Incident history</h2><p><a href=\"/status\">Current status</a></p>");
            if (h.Months.Count == 0)
            {
                html.Append("<p>No past incidents.</p>");
            }

            foreach (var (month, incidents) in h.Months)
            {
                var id = $"month-{month:yyyy-MM}";
                Incidents(id, month.ToString("MMMM yyyy", CultureInfo.InvariantCulture), incidents, "No incidents.");
            }

            if (h.Count > 1)
            {
                html.Append("<nav aria-label=\"History pages\"><p>");
                if (h.Number > 1)
                {
                    html.Append("<a rel=\"prev\" href=\"").Append(HistoryPage.PathOf(h.Number - 1)).Append("\">Newer</a> ");
                }

                html.Append("Page ").Append(h.Number.ToString(CultureInfo.InvariantCulture)).Append(" of ").Append(h.Count.ToString(CultureInfo.InvariantCulture));
                if (h.Number < h.Count)
                {
                    html.Append(" <a rel=\"next\" href=\"").Append(HistoryPage.PathOf(h.Number + 1)).Append("\">Older</a>");
                }

                html.Append("</p></nav>");
            }
        }

        void Incidents(string id, string title, IEnumerable<PublicIncident> incidents, string none)
        {
            html.Append("<section aria-labelledby=\"").Append(id).Append("\"><h2 id=\"").Append(id).Append("\">").Append(title).Append("</h2>");
            var any = false;
            foreach (var i in incidents)
            {
                any = true;
                html.Append("<article id=\"incident-").Append(i.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><h3><a href=\"").Append(IncidentPath(i.Id)).Append("\">").Append(E(i.Title)).Append("</a></h3><p class=\"muted\">")
                    .Append(WireNames.Of(i.Status)).Append(" · started ").Append(Time(i.StartedAt));
                if (i.ResolvedAt is { } resolved)
                {
                    html.Append(" · resolved ").Append(Time(resolved));
                }

                if (i.Components.Count > 0)
                {
                    html.Append(" · affects ").Append(E(string.Join(", ", i.Components)));
                }

                html.Append("</p>");
                foreach (var u in i.Updates.Reverse())
                {
                    html.Append("<div class=\"update\"><strong>").Append(WireNames.Of(u.Status)).Append("</strong> — ")
                        .Append(E(u.Body)).Append(" <span class=\"muted\">").Append(Time(u.At)).Append("</span></div>");
                }

                html.Append("</article>");
            }

            if (!any)
            {
                html.Append("<p>").Append(none).Append("</p>");
            }

            html.Append("</section>");
        }

        Incidents("active-h", "Current incidents", board.Incidents.Where(i => i.IsActive), "No incidents right now.");
        Maintenances("maintenance-active-h", "Maintenance in progress", board.Maintenances.Where(m => m.IsActive));
        Maintenances("maintenance-upcoming-h", "Scheduled maintenance", board.Maintenances.Where(m => m.Status == MaintenanceStatus.Scheduled).OrderBy(m => m.StartsAt));
        Incidents("past-h", "Past incidents", board.Incidents.Where(i => !i.IsActive).Take(10), "No past incidents.");
        html.Append("<p><a href=\"").Append(HistoryPath).Append("\">Incident history</a></p>");
        Maintenances("maintenance-past-h", "Past maintenance", board.Maintenances.Where(m => m.IsOver).Take(20));
        if (page.Subscribers.EmailChannel is not null)
        {
            html.Append("<section aria-labelledby=\"subscribe-h\"><h2 id=\"subscribe-h\">Get updates by email</h2><form method=\"post\" action=\"/status/subscribe\">")
                .Append("<label for=\"subscribe-email\">Email address</label> <input id=\"subscribe-email\" name=\"email\" type=\"email\" required maxlength=\"254\" autocomplete=\"email\">");
            if (board.Components.Count > 1)
            {
                html.Append("<fieldset><legend>Only about (none ticked: every component)</legend>");
                foreach (var (c, i) in board.Components.Select((c, i) => (c, i)))
                {
                    html.Append("<label for=\"subscribe-c").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\"><input type=\"checkbox\" id=\"subscribe-c").Append(i.ToString(CultureInfo.InvariantCulture))
                        .Append("\" name=\"components\" value=\"").Append(E(c.Component.Name)).Append("\"> ").Append(E(c.Component.Name)).Append("</label> ");
                }

                html.Append("</fieldset>");
            }

            html.Append(" <button type=\"submit\">Subscribe</button><p class=\"muted\">A confirmation link is sent first; every message has a link to unsubscribe.</p></form></section>");
        }

        html.Append("</main><footer><p class=\"muted\">Updated ").Append(Time(board.At)).Append("</p></footer></body></html>\n");
        return html.ToString();
    }
}
