using Firebreak.Core.Common;

namespace Firebreak.Core.Tests.Common;

/// <summary>A line (titles, names) holds visible text only: no control character, no bidirectional control.</summary>
public sealed class TextTests
{
    /// <summary>Every bidirectional control: embeddings and overrides, isolates, marks, and the Arabic letter mark.</summary>
    public static TheoryData<char> BidiControls =>
    [
        '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C',
    ];

    public static TheoryData<char> ControlCharacters => ['\0', '\u0001', '\u0007', '\u001B', '\u007F', '\u0085', '\u009F'];

    [Theory]
    [MemberData(nameof(BidiControls))]
    public void Line_WithABidiControl_IsInvalidNamingTheFieldAndTheCharacter(char bidi)
    {
        var error = Text.RequiredLine("name", $"invoice{bidi}gnp.exe", 200, out _);

        Assert.NotNull(error);
        Assert.Equal("name", error.Field);
        Assert.Contains($"U+{(int)bidi:X4}", error.Message, StringComparison.Ordinal);
        Assert.Contains("bidirectional", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public void Line_WithAControlCharacter_IsInvalid(char control)
    {
        var error = Text.OptionalLine("title", $"Checkout{control}down", 200, out _);

        Assert.Equal("title", error?.Field);
        Assert.Contains($"U+{(int)control:X4}", error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Checkout\ndown")]
    [InlineData("Checkout\rdown")]
    [InlineData("Checkout\tdown")]
    public void Line_WithATabOrLineBreakInside_IsInvalid(string value)
    {
        Assert.Equal("title", Text.RequiredLine("title", value, 200, out _)?.Field);
    }

    [Theory]
    [InlineData("Checkout is failing for EU users")]
    [InlineData("Ünïcödé, emoji \U0001F525 and \u05E9\u05DC\u05D5\u05DD")]
    public void Line_WithPrintableText_IsAccepted(string value)
    {
        Assert.Null(Text.RequiredLine("title", $"  {value}  ", 200, out var trimmed));
        Assert.Equal(value, trimmed);
    }
}
