using System.Globalization;
using System.Text;
using System.Xml;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;

namespace Firebreak.Server.StatusPage;

/// <summary>
/// The status page's Atom feed (RFC 4287): one entry per incident told in public, updated with its
/// latest public update, whose content is its public updates, newest first, in plain text; and one
/// per maintenance, updated with its latest step, whose content is its messages.
/// </summary>
public static class StatusFeed
{
    public const string Path = "/status/feed.atom";
    public const string ContentType = "application/atom+xml; charset=utf-8";

    public static string Render(StatusPageConfig page, StatusBoard board, Uri baseUrl)
    {
        var pageUrl = new Uri(baseUrl, StatusSnapshots.PagePath).ToString();
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(new StringWriter(text, CultureInfo.InvariantCulture), new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            xml.WriteElementString("id", pageUrl);
            xml.WriteElementString("title", page.Name);
            xml.WriteElementString("updated", Time(board.Incidents.Select(Updated).Concat(board.Maintenances.Select(m => m.UpdatedAt)).DefaultIfEmpty(board.At).Max()));
            Link(xml, "alternate", pageUrl, "text/html");
            Link(xml, "self", new Uri(baseUrl, Path).ToString(), "application/atom+xml");
            xml.WriteStartElement("author");
            xml.WriteElementString("name", page.Name);
            xml.WriteEndElement();
            foreach (var i in board.Incidents.Take(50))
            {
                xml.WriteStartElement("entry");
                xml.WriteElementString("id", $"{pageUrl}#incident-{i.Id.ToString(CultureInfo.InvariantCulture)}");
                xml.WriteElementString("title", $"{i.Title} ({WireNames.Of(i.Status)})");
                xml.WriteElementString("published", Time(i.Updates.Count > 0 ? i.Updates[0].At : i.StartedAt));
                xml.WriteElementString("updated", Time(Updated(i)));
                Link(xml, "alternate", $"{pageUrl}#incident-{i.Id.ToString(CultureInfo.InvariantCulture)}", "text/html");
                xml.WriteStartElement("content");
                xml.WriteAttributeString("type", "text");
                xml.WriteString(string.Join("\n\n", i.Updates.Reverse().Select(u => $"{WireNames.Of(u.Status)} ({Time(u.At)}): {u.Body}")));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            foreach (var m in board.Maintenances.Take(50))
            {
                var link = $"{pageUrl}#maintenance-{m.Id.ToString(CultureInfo.InvariantCulture)}";
                xml.WriteStartElement("entry");
                xml.WriteElementString("id", link);
                xml.WriteElementString("title", $"Maintenance: {m.Title} ({WireNames.Of(m.Status).Replace('_', ' ')})");
                xml.WriteElementString("published", Time(m.CreatedAt));
                xml.WriteElementString("updated", Time(m.UpdatedAt));
                Link(xml, "alternate", link, "text/html");
                xml.WriteStartElement("content");
                xml.WriteAttributeString("type", "text");
                xml.WriteString($"{Time(m.StartsAt)} to {Time(m.EndsAt)}, affects {string.Join(", ", m.Components)}\n\n"
                    + string.Join("\n\n", m.Notes.Reverse().Select(n => $"{WireNames.Of(n.Status).Replace('_', ' ')} ({Time(n.At)}): {n.Message}")));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        // StringWriter reports UTF-16; the body is served as UTF-8, as its declaration must say.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static DateTimeOffset Updated(PublicIncident i) => i.Updates.Count > 0 ? i.Updates[^1].At : i.StartedAt;

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link");
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
