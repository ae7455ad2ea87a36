namespace Clientele.Tests;

/// <summary>
/// The PostgreSQL server the tests may create databases on: <c>CLIENTELE_TEST_POSTGRES</c> (a connection string, set by
/// test.sh from scripts/postgres.sh). Tests that need it are skipped, with a reason, only when neither it nor
/// <c>CLIENTELE_TEST_POSTGRES_REQUIRED</c> is set (a developer running dotnet test alone); when PostgreSQL is required
/// but did not start, they fail.
/// </summary>
public static class PostgresTestServer
{
    public const string ConnectionVariable = "CLIENTELE_TEST_POSTGRES";
    public const string RequiredVariable = "CLIENTELE_TEST_POSTGRES_REQUIRED";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } value ? value : null;

    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) is { Length: > 0 } value && value != "0";

    /// <summary>Null when the PostgreSQL tests run (the server is given, or required); otherwise why they are skipped.</summary>
    public static string? SkipReason => ConnectionString is null && !Required
        ? $"needs a PostgreSQL server: set {ConnectionVariable} to a connection string of a server the tests may create databases on (eval \"$(scripts/postgres.sh start)\"; test.sh does this)"
        : null;
}

/// <summary>A fact that needs PostgreSQL (<see cref="PostgresTestServer"/>): skipped with the reason when none is configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresTestServer.SkipReason;
    }
}
