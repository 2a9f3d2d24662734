using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Postmortems;

/// <summary>postmortems in firebreak.yaml: blame rules and trackers that cannot work stop the start, naming the line and the fix.</summary>
public sealed class PostmortemConfigTests
{
    [Theory]
    [InlineData("postmortems:\n  blame:\n    disabled: [no-such-rule]\n", 3, "'no-such-rule' is not a built-in blame rule")]
    [InlineData("postmortems:\n  blame:\n    rules:\n      - id: x\n        pattern: \"(unclosed\"\n        message: m\n        suggestion: s\n", 3, "not a valid regular expression")]
    [InlineData("postmortems:\n  blame:\n    rules:\n      - id: x\n        pattern: p\n", 4, "a blame rule needs 'message'")]
    [InlineData("postmortems:\n  trackers:\n    - name: gh\n      type: gitlab\n", 3, "'gitlab' is not a tracker type; use webhook, github, jira")]
    [InlineData("postmortems:\n  trackers:\n    - name: gh\n      type: github\n      repo: acme/platform\n      token: ghp_literal\n", 6, "'token' is a secret and must not be written in the file")]
    [InlineData("postmortems:\n  trackers:\n    - name: gh\n      type: github\n      repo: platform\n      tokenEnv: HOME\n", 3, "'repo' as owner/name")]
    [InlineData("postmortems:\n  trackers:\n    - name: j\n      type: jira\n      tokenEnv: HOME\n", 3, "a jira tracker needs 'url'")]
    [InlineData("postmortems:\n  trackers:\n    - name: Hook One\n      type: webhook\n", 3, "lowercase letters, digits and dashes")]
    [InlineData("postmortems:\n  trackers:\n    - name: hook\n      type: webhook\n      url: ftp://x\n      secretEnv: HOME\n", 3, "not an http(s) URL")]
    [InlineData("postmortems:\n  reminders: true\n", 2, "reminders")]
    public void ABrokenPostmortemsSection_StopsTheStart_NamingTheFix(string yaml, int line, string fix) =>
        ConfigAssert.Refused(yaml, line, [fix]);

    [Fact]
    public void ATokenLiteral_IsNeverEchoed()
    {
        var error = ConfigAssert.Refused("postmortems:\n  trackers:\n    - name: gh\n      type: github\n      repo: a/b\n      token: ghp_SECRETVALUE\n");
        Assert.DoesNotContain("SECRETVALUE", error.Message, StringComparison.Ordinal);
    }
}
