using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class UnsafeCommandTests
{
    [Theory]
    [InlineData("DELETE FROM x;")]
    [InlineData("delete from sessions")]
    [InlineData("psql -c \"DELETE FROM sessions\"")]
    [InlineData("psql -c 'DELETE FROM sessions' && echo done")]
    [InlineData("DELETE FROM a WHERE id = 1; DELETE FROM b;")]
    [InlineData("UPDATE t SET a=1")]
    [InlineData("update users set admin = true;")]
    [InlineData("UPDATE t SET a=1; SELECT * FROM u WHERE id = 2")]
    [InlineData("DROP TABLE orders;")]
    [InlineData("drop database prod")]
    [InlineData("TRUNCATE orders")]
    [InlineData("TRUNCATE TABLE audit_log;")]
    [InlineData("rm -rf /")]
    [InlineData("sudo rm -rf /var/lib/postgresql/data")]
    [InlineData("rm -fr ./data")]
    [InlineData("rm -r -f /srv/uploads")]
    [InlineData("kubectl delete namespace payments")]
    [InlineData("terraform destroy")]
    [InlineData("redis-cli FLUSHALL")]
    public void UnsafeCommand_DestructiveCommandLogged_RecordsAWarningBesideTheEntry(string command)
    {
        var state = Given.Incident(Given.Declaration());

        var events = Given.Events(state, new AddEntry("command", command));

        Assert.Equal(2, events.Count);
        Assert.Equal(new TimelineEntryAdded(EntryKind.Command, command), events[0]);
        var fired = Assert.IsType<GuardrailFired>(events[1]);
        Assert.Equal(GuardrailIds.UnsafeCommand, fired.Guardrail);
        Assert.Equal("warn", fired.Level);
        Assert.NotEmpty(fired.Fix);
        Assert.Contains(fired.Key, Given.Apply(state, new AddEntry("command", command), Given.As()).FiredNudges);
    }

    [Theory]
    [InlineData("DELETE FROM x WHERE id=1")]
    [InlineData("DELETE FROM orders\nWHERE id = 42;")]
    [InlineData("delete from sessions where expires_at < now();")]
    [InlineData("UPDATE t SET a=1 WHERE id=2")]
    [InlineData("UPDATE t\nSET a = 1\nWHERE id = 2;")]
    [InlineData("SELECT * FROM orders")]
    [InlineData("SELECT count(*) FROM x; -- before any DELETE")]
    [InlineData("kubectl get pods -n payments")]
    [InlineData("truncate -s 0 /var/log/app.log")]
    [InlineData("rm ./tmp/cache.json")]
    public void UnsafeCommand_SafeCommand_RecordsOnlyTheEntry(string command)
    {
        var events = Given.Events(Given.Incident(Given.Declaration()), new AddEntry("command", command));

        Assert.Equal(new TimelineEntryAdded(EntryKind.Command, command), Assert.Single(events));
    }

    [Theory]
    [InlineData("note")]
    [InlineData("action")]
    public void UnsafeCommand_DestructiveTextInAnEntryThatIsNotACommand_IsNotJudged(string kind)
    {
        var events = Given.Events(Given.Incident(Given.Declaration()), new AddEntry(kind, "Someone suggested DROP TABLE sessions; we said no."));

        Assert.IsType<TimelineEntryAdded>(Assert.Single(events));
    }

    [Fact]
    public void UnsafeCommand_ConfiguredToBlock_NeedsAnOverrideReason()
    {
        var state = Given.Incident(Given.Declaration());
        var blocking = Given.As() with { Guardrails = Given.Rule(GuardrailIds.UnsafeCommand, level: GuardrailLevel.Block) };

        Given.Rejection<GuardrailBlocked>(state, new AddEntry("command", "DROP TABLE sessions;"), blocking);
        var events = Given.Events(state, new AddEntry("command", "DROP TABLE sessions;"), blocking with { Override = "the table is a disposable cache" });

        Assert.Equal(new GuardrailOverridden(GuardrailIds.UnsafeCommand, "the table is a disposable cache"), events[0]);
        Assert.IsType<TimelineEntryAdded>(events[1]);
    }
}
