using Firebreak.Server.Configuration;
using Firebreak.Server.Hosting;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications.Email;

/// <summary>
/// A wrong email channel stops the start with the file, the line and the fix; a right one is listed
/// with its smtp:// target and never its password.
/// </summary>
public sealed class EmailConfigTests
{
    public static TheoryData<string, int, string[]> BadChannels => new()
    {
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                username: firebreak
                password: hunter2
                from: firebreak@example.com
                to: [oncall@example.com]
            """,
            6, ["'password' is a secret and must not be written in the file", "passwordEnv", "passwordFile"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                from: firebreak@example.com
            """,
            2, ["the channel 'oncall-mail' needs 'to'", "oncall@example.com"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                from: firebreak@example.com
                to: []
            """,
            2, ["needs at least one address in 'to'"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                tls: none
                from: firebreak@example.com
                to: [oncall@example.com]
            """,
            2, ["tls: none", "only allowed for a relay on localhost", "'smtp.example.com'"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                tls: sometimes
                from: firebreak@example.com
                to: [oncall@example.com]
            """,
            2, ["tls 'sometimes' is not one of starttls"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                from: firebreak@example.com
                to: [oncall@example.com]
            """,
            2, ["needs 'host'"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                to: [oncall@example.com]
            """,
            2, ["needs 'from'"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                from: firebreak@example.com
                to: [oncall@example.com, "not an address"]
            """,
            2, ["to 'not an address' is not an email address"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                from: "firebreak"
                to: [oncall@example.com]
            """,
            2, ["from 'firebreak' is not an email address"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                port: 70000
                from: firebreak@example.com
                to: [oncall@example.com]
            """,
            2, ["port 70000 is not a TCP port"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                username: firebreak
                from: firebreak@example.com
                to: [oncall@example.com]
            """,
            2, ["gives a username, so it needs passwordEnv", "or passwordFile"]
        },
        {
            """
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                from: firebreak@example.com
                to: [oncall@example.com]
                cc: [boss@example.com]
            """,
            7, ["cc"]
        },
    };

    [Theory]
    [MemberData(nameof(BadChannels))]
    public void ABadEmailChannel_StopsTheStart_NamingTheLineAndTheFix(string yaml, int line, string[] fix)
        => ConfigAssert.Refused(yaml, line, fix);

    [Fact]
    public async Task AGoodEmailChannel_IsListed_WithItsSmtpTarget_AndNotItsPassword()
    {
        const string password = "s3cret-smtp-password";
        var passwordFile = Path.Combine(TestDatabases.TempDirectory(), "smtp-password");
        await File.WriteAllTextAsync(passwordFile, password);
        await using var server = NotifyingServer.StartWith(
            $"""
            channels:
              - name: oncall-mail
                type: email
                host: smtp.example.com
                tls: implicit
                username: firebreak
                passwordFile: {passwordFile}
                from: "Firebreak <firebreak@example.com>"
                to: [oncall@example.com]
              - name: relay-mail
                type: email
                host: localhost
                port: 25
                tls: none
                from: firebreak@example.com
                to: [ops@example.com]
            """);

        var response = await server.Admin.GetAsync("/api/v1/channels");
        var body = await response.Content.ReadAsStringAsync();
        var channels = (await HttpAssert.JsonAsync(response)).GetProperty("channels").EnumerateArray().ToList();

        Assert.Equal(
            [("oncall-mail", "email", "smtp://smtp.example.com:465"), ("relay-mail", "email", "smtp://localhost:25")],
            channels.Select(c => (c.Str("name"), c.Str("type"), c.Str("target"))));
        Assert.DoesNotContain(password, body, StringComparison.Ordinal);
    }
}
