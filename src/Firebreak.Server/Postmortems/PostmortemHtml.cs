using System.Net;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Firebreak.Server.Postmortems;

/// <summary>
/// Markdown as HTML for the preview and the export: raw HTML is never passed through (it is shown as
/// text), and a link or image to anything but http(s), mailto or a path on this server loses its address.
/// </summary>
public static class PostmortemHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().UseTaskLists().Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        var text = url.Trim();
        if (text.StartsWith('/') && !text.StartsWith("//", StringComparison.Ordinal))
        {
            return true;
        }

        if (text.StartsWith('#'))
        {
            return true;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";
    }

    /// <summary>The standalone document: one file that opens anywhere, its style inline.</summary>
    public static string Document(string title, string markdown) =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
        WebUtility.HtmlEncode(title) +
        "</title><style>" + Style + "</style></head><body><main>" + ToHtml(markdown) + "</main></body></html>\n";

    /// <summary>What the export may load when it is opened from this server: its own inline style, nothing else.</summary>
    public const string DocumentPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private const string Style =
        "body{font:16px/1.5 system-ui,sans-serif;color:#1d2430;margin:0;padding:1rem}main{max-width:50rem;margin:auto}" +
        "table{border-collapse:collapse}td,th{border:1px solid #c8ced6;padding:.3rem .5rem;vertical-align:top}" +
        "h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #c8ced6}code{background:#f1f3f5;padding:0 .2rem}" +
        "@media print{body{padding:0}}";
}
