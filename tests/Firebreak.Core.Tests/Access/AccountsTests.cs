using Firebreak.Core.Access;

namespace Firebreak.Core.Tests.Access;

public sealed class AccountsTests
{
    [Theory]
    [InlineData("alice\u202E")]
    [InlineData("\u2066alice")]
    [InlineData("ali\u200Fce")]
    public void Username_WithABidiControl_IsInvalidSayingWhy(string username)
    {
        var error = Accounts.CheckUsername(Accounts.NormalizeUsername(username));

        Assert.Equal("username", error?.Field);
        Assert.Contains("bidirectional", error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("al\0ice")]
    [InlineData("ali\u0085ce")]
    public void Username_WithAControlCharacter_IsInvalidSayingWhy(string username)
    {
        var error = Accounts.CheckUsername(Accounts.NormalizeUsername(username));

        Assert.Equal("username", error?.Field);
        Assert.Contains("control characters", error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("al\0ice")]
    [InlineData("alice\u202E")]
    [InlineData("ali\nce")]
    public void SignInName_ThatCannotNameAnAccount_IsNull(string username)
    {
        Assert.Null(Accounts.SignInName(username));
    }

    [Fact]
    public void SignInName_IsTheNormalisedUsername()
    {
        Assert.Equal("alice", Accounts.SignInName(" Alice "));
    }
}
