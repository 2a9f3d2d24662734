using Xunit;

namespace Firebreak.Testing;

/// <summary>
/// A test that needs the real PostgreSQL server the test script starts (FIREBREAK_TEST_POSTGRES).
/// Run outside the script, without that server, it is reported as skipped with the reason.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabases.PostgresAdminConnection is null)
        {
            Skip = "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).";
        }
    }
}

/// <summary>The Theory counterpart of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestDatabases.PostgresAdminConnection is null)
        {
            Skip = "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).";
        }
    }
}
