using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace O2O.Infrastructure.Data;

/// <summary>Which database failures are the database's passing state rather than a fault in the request or the code.</summary>
public static class DatabaseFailures
{
    /// <summary>PostgreSQL refused the connection before running anything: starting up, shutting down, out of slots.</summary>
    private static readonly HashSet<string> RefusedAtConnect =
    [
        PostgresErrorCodes.CannotConnectNow, PostgresErrorCodes.TooManyConnections, PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
    ];

    private static readonly HashSet<SocketError> NoConnection =
    [
        SocketError.ConnectionRefused, SocketError.HostNotFound, SocketError.HostUnreachable, SocketError.NetworkUnreachable,
        SocketError.TryAgain, SocketError.TimedOut,
    ];

    /// <summary>Worth a 503 and a retry by the caller: the same request may well succeed in a moment.</summary>
    public static bool IsTransient(Exception exception) =>
        Chain(exception).Any(e => e is NpgsqlException { IsTransient: true } or RetryLimitExceededException);

    /// <summary>
    /// A failure to connect, so no statement ran: the only failure an automatic retry can never apply twice. A failure
    /// in the middle of a statement may have committed (the answer was lost, not the write), so it is not retried.
    /// </summary>
    public static bool IsConnectFailure(Exception exception) =>
        Chain(exception).Any(e => e switch
        {
            PostgresException p => RefusedAtConnect.Contains(p.SqlState),
            SocketException s => NoConnection.Contains(s.SocketErrorCode),
            _ => false,
        });

    /// <summary>A value PostgreSQL cannot store or compare (class 22: out of range, a NUL character, bad encoding): the input's fault.</summary>
    public static bool IsBadValue(Exception exception) =>
        Chain(exception).Any(e => e is UnstorableValueException || (e is PostgresException p && p.SqlState.StartsWith("22", StringComparison.Ordinal)));

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 10; depth++, exception = exception.InnerException)
        {
            yield return exception;
            if (exception is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }
}

/// <summary>
/// Retries an operation only when it could not connect (ADR 24). Handlers open explicit
/// transactions, which EF's retrying strategy refuses outright; inside one, nothing is retried here, and the failure
/// reaches the edge as a 503.
/// </summary>
public sealed class ConnectRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : Npgsql.EntityFrameworkCore.PostgreSQL.NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, TimeSpan.FromSeconds(1), null)
{
    public const int MaxRetries = 2;

    /// <summary>
    /// False so that EF streams query results instead of buffering each whole result set first, which it does for a
    /// strategy that may retry in the middle of reading one (efcore#30112). This one never does: it retries only a
    /// failure to connect, before any row was read, and <see cref="ExecutionStrategy.ExecuteAsync{TState,TResult}"/>
    /// still retries that. Buffering a 1,000-order board doubled the work of reading it (issue 15's bench).
    /// </summary>
    public override bool RetriesOnFailure => false;

    protected override void OnFirstExecution()
    {
        if (Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null)
        {
            ExceptionsEncountered.Clear();
            return;
        }
        base.OnFirstExecution();
    }

    protected override bool ShouldRetryOn(Exception? exception) =>
        exception is not null && Dependencies.CurrentContext.Context.Database.CurrentTransaction is null && DatabaseFailures.IsConnectFailure(exception);
}
