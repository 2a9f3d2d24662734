using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

/// <summary>The unsafe-command patterns, case by case: what is flagged (and why), and what is left alone.</summary>
public sealed class UnsafeCommandPatternTests
{
    [Theory]
    // A WHERE that holds for every row is no WHERE.
    [InlineData("DELETE FROM t WHERE 1=1", "DELETE with WHERE 1=1")]
    [InlineData("delete from sessions where true;", "DELETE with WHERE true")]
    [InlineData("DELETE FROM users WHERE id = id", "DELETE with WHERE id = id")]
    [InlineData("DELETE FROM t WHERE 'a'='a'", "DELETE with WHERE 'a'='a'")]
    [InlineData("DELETE FROM t WHERE (1 = 1);", "DELETE with WHERE 1 = 1")]
    [InlineData("DELETE FROM orders WHERE id = 4 OR 1=1", "DELETE with WHERE 1=1")]
    [InlineData("psql -c \"DELETE FROM sessions WHERE 1=1\"", "DELETE with WHERE 1=1")]
    [InlineData("psql -c 'DELETE FROM t WHERE true' && echo done", "DELETE with WHERE true")]
    [InlineData("DELETE FROM a WHERE id = 3; DELETE FROM b WHERE 2=2;", "DELETE with WHERE 2=2")]
    [InlineData("UPDATE users SET admin = false WHERE x IS NOT NULL OR x IS NULL", "UPDATE with WHERE x IS NULL OR x IS NOT NULL")]
    [InlineData("update t set a = 1 where email is null or email is not null;", "UPDATE with WHERE email IS NULL OR email IS NOT NULL")]
    [InlineData("UPDATE accounts SET balance = 0 WHERE 1=1", "UPDATE with WHERE 1=1")]
    [InlineData("UPDATE t\nSET a = 1\nWHERE TRUE;", "UPDATE with WHERE TRUE")]
    [InlineData("UPDATE t SET a = 1 WHERE id = id RETURNING *", "UPDATE with WHERE id = id")]
    // No WHERE at all, DROP, TRUNCATE.
    [InlineData("DELETE FROM sessions", "DELETE without WHERE")]
    [InlineData("UPDATE t SET a=1", "UPDATE without WHERE")]
    [InlineData("DROP TABLE orders;", "DROP")]
    [InlineData("drop schema billing cascade", "DROP")]
    [InlineData("TRUNCATE orders", "TRUNCATE")]
    // Shell: rm -rf, and a variable that may be empty.
    [InlineData("rm -rf $DIR/", "variable")]
    [InlineData("rm -rf \"${X}\"/*", "variable")]
    [InlineData("sudo rm -rf $BUILD_ROOT", "variable")]
    [InlineData("rm -fr -- \"$TMPDIR\"/cache", "variable")]
    [InlineData("rm -rf ${X:?}/cache", "rm -rf deletes recursively")]
    [InlineData("rm -rf ./build", "rm -rf deletes recursively")]
    [InlineData("rm -rf ./build && echo $HOME", "rm -rf deletes recursively")]
    // Infrastructure and data stores.
    [InlineData("kubectl delete ns payments", "infrastructure")]
    [InlineData("kubectl delete namespace payments", "infrastructure")]
    [InlineData("redis-cli FLUSHALL", "infrastructure")]
    [InlineData("redis-cli -n 2 flushdb", "infrastructure")]
    [InlineData("terraform destroy -auto-approve", "infrastructure")]
    public void Explain_DestructiveCommand_SaysWhy(string command, string why) =>
        Assert.Contains(why, UnsafeCommands.Explain(command) ?? "(nothing flagged)", StringComparison.Ordinal);

    [Theory]
    [InlineData("DELETE FROM t WHERE id = 4")]
    [InlineData("DELETE FROM t WHERE id = 4;")]
    [InlineData("DELETE FROM t WHERE 1=1 AND id = 4")]
    [InlineData("DELETE FROM t WHERE a = b")]
    [InlineData("DELETE FROM t WHERE name = 'a'")]
    [InlineData("DELETE FROM t WHERE x IS NULL")]
    [InlineData("UPDATE t SET a = 1 WHERE id = 2")]
    [InlineData("UPDATE t SET a = 1 WHERE x IS NOT NULL OR y IS NULL")]
    [InlineData("UPDATE t SET a = 1 WHERE created_at < now() - interval '1 day' OR id = 7")]
    [InlineData("SELECT * FROM t WHERE 1=1")]
    [InlineData("SELECT * FROM t WHERE true; SELECT 1")]
    [InlineData("psql -c 'DELETE FROM t WHERE id = 4' && echo done")]
    [InlineData("kubectl get ns")]
    [InlineData("kubectl delete pod api-7f9c")]
    [InlineData("terraform plan -destroy")]
    [InlineData("redis-cli GET session:42")]
    [InlineData("rm ./tmp/cache.json")]
    [InlineData("rm $TMPFILE")]
    [InlineData("truncate -s 0 /var/log/app.log")]
    public void Explain_SafeCommand_FlagsNothing(string command) =>
        Assert.Null(UnsafeCommands.Explain(command));

    [Fact]
    public void UnsafeCommand_DeleteWhereOneEqualsOne_LoggedTenMinutesIn_RecordsTheWarningBesideIt()
    {
        var state = Given.ApplyAt(Given.Incident(Given.Declaration()), 4, new AddEntry("note", "Cleaning up the duplicate sessions"));

        var events = Given.Events(state, new AddEntry("command", "DELETE FROM sessions WHERE 1=1;"), Given.At(10));

        var fired = Assert.IsType<GuardrailFired>(events[1]);
        Assert.Equal(GuardrailIds.UnsafeCommand, fired.Guardrail);
        Assert.Contains("which holds for every row, removes every row", fired.Message, StringComparison.Ordinal);
    }
}
