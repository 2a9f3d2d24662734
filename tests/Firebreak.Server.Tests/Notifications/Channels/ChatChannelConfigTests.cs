using Firebreak.Server.Tests.Support;
using Firebreak.Server.Configuration;
using Firebreak.Server.Hosting;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications.Channels;

/// <summary>
/// A chat webhook's address is its credential: firebreak.yaml names where to read it (urlEnv or
/// urlFile) and the server refuses to start on a literal, a missing or a non-http(s) address.
/// </summary>
public sealed class ChatChannelConfigTests
{
    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    [InlineData("mattermost")]
    public void ALiteralUrl_IsRefused_NamingUrlEnvAndUrlFile_AndTheLine(string type)
    {
        var error = Start($"channels:\n  - name: team-chat\n    type: {type}\n    url: https://hooks.example.com/services/T000/B000/XXXXSECRET\n");

        Assert.Equal(4, error.Line);
        Assert.Contains("'url' is a secret and must not be written in the file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("XXXXSECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains("urlEnv", error.Message, StringComparison.Ordinal);
        Assert.Contains("urlFile", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    [InlineData("mattermost")]
    public void AMissingUrl_IsRefused_NamingWhereToGiveIt(string type)
    {
        var error = Start($"channels:\n  - name: team-chat\n    type: {type}\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("the channel 'team-chat' needs urlEnv (an environment variable) or urlFile (a file) holding its url", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("slack", "ftp://hooks.example.com/services/T000/B000/XXXXSECRET")]
    [InlineData("teams", "hooks.example.com/workflows/XXXXSECRET")]
    [InlineData("mattermost", "ftp://chat.example.com/hooks/XXXXSECRET")]
    public void AUrlThatIsNotHttp_IsRefused_WithoutShowingIt(string type, string url)
    {
        var file = Path.Combine(TestDatabases.TempDirectory(), "chat-url");
        File.WriteAllText(file, url + "\n");

        var error = Start($"channels:\n  - name: team-chat\n    type: {type}\n    urlFile: {file}\n");

        Assert.Equal(2, error.Line);
        Assert.Contains($"the url in the file {file} is not an http(s) URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("XXXXSECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownKey_IsRefused()
    {
        var error = Start("channels:\n  - name: team-chat\n    type: slack\n    urlEnv: FIREBREAK_TEST_SLACK_URL\n    secretFile: /tmp/x\n");

        Assert.Contains("secretFile", error.Message, StringComparison.Ordinal);
    }

    private static ConfigException Start(string yaml) => ConfigAssert.Refused(yaml);
}
