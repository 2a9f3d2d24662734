using System.Globalization;
using System.Net;

namespace Firebreak.Server.Reports;

/// <summary>A bar chart drawn on the server as SVG: one bar per label, scaled to the largest value, with each value written above its bar.</summary>
public sealed record ReportChart(string Id, string Title, string Unit, IReadOnlyList<(string Label, double Value)> Points)
{
    public const int Width = 640;
    public const int Height = 220;
    private const int Top = 24;
    private const int Bottom = 36;

    public double Max => Points.Count == 0 ? 0 : Points.Max(p => p.Value);

    public double BarWidth => Points.Count == 0 ? 0 : (double)Width / Points.Count;

    public IEnumerable<(string Label, string Value, string X, string Y, string W, string H, string Center)> Bars =>
        Points.Select((p, i) =>
        {
            var plot = Height - Top - Bottom;
            var h = Max <= 0 ? 0 : p.Value / Max * plot;
            var w = BarWidth;
            return (p.Label, Format(p.Value), F((i * w) + (w * 0.15)), F(Height - Bottom - h), F(w * 0.7), F(h), F((i * w) + (w / 2)));
        });

    /// <summary>The bars, their values and labels as SVG elements (Razor cannot write an SVG text element with attributes); every text is encoded.</summary>
    public string BarsMarkup => string.Concat(Bars.Select(b =>
        $"<rect x=\"{b.X}\" y=\"{b.Y}\" width=\"{b.W}\" height=\"{b.H}\" class=\"bar\"></rect>" +
        $"<text x=\"{b.Center}\" y=\"{F(double.Parse(b.Y, CultureInfo.InvariantCulture) - 4)}\" text-anchor=\"middle\" class=\"value\">{WebUtility.HtmlEncode(b.Value)}</text>" +
        $"<text x=\"{b.Center}\" y=\"{F(Height - 14)}\" text-anchor=\"middle\" class=\"label\">{WebUtility.HtmlEncode(b.Label)}</text>"));

    /// <summary>The text alternative: every value in words, so that the chart says what the bars show.</summary>
    public string Description =>
        Points.Count == 0 ? $"{Title}: no data." : $"{Title}: " + string.Join("; ", Points.Select(p => $"{p.Label} {Format(p.Value)} {Unit}")) + ".";

    public static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
