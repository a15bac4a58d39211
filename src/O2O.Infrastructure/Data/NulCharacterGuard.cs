using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace O2O.Infrastructure.Data;

/// <summary>A text value PostgreSQL cannot store (a NUL character): the caller's input is at fault, answered 400.</summary>
public sealed class UnstorableValueException(string parameter)
    : Exception($"A text value (parameter {parameter}) contains a NUL character, which cannot be stored.");

/// <summary>
/// Refuses a command with a NUL character in a text parameter before it is sent. PostgreSQL refuses such a value when
/// it binds the statement (22021), and with auto-prepared statements that refusal left Npgsql's statement cache out of
/// step with the server: the pooled connection then answered later queries with another statement's results
/// ("unexpected backend message DataRow"), for whoever rented it next. No stored text may hold a NUL anyway.
/// </summary>
public sealed class NulCharacterGuard : DbCommandInterceptor
{
    public static readonly NulCharacterGuard Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            var bad = parameter.Value switch
            {
                string s => s.Contains('\0'),
                string?[] many => many.Any(s => s?.Contains('\0') == true),
                _ => false,
            };
            if (bad) throw new UnstorableValueException(parameter.ParameterName);
        }
    }
}
