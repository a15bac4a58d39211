using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Promotions;

/// <summary>
/// Who is typing codes: the client's address as the edge trusts it (ADR 26) and the signed-in account (a shopper, a clerk
/// or a point of sale's account), either may be missing. <paramref name="Channel"/> names the door in the log.
/// </summary>
public sealed record PromoClient(string? Address, string? Account, string Channel)
{
    public static readonly PromoClient None = new(null, null, "none");

    /// <summary>The counters it is held to, sorted so that two attempts lock them in the same order.</summary>
    internal IReadOnlyList<string> Keys()
    {
        var keys = new List<string>(2);
        if (!string.IsNullOrWhiteSpace(Address)) keys.Add("address:" + Address);
        if (!string.IsNullOrWhiteSpace(Account)) keys.Add("account:" + Account);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}

/// <summary>Refused code attempts allowed per client address and per account in each window (ADR 54). Section <c>PromoAttempts</c>.</summary>
public sealed class PromoAttemptOptions
{
    public const string Section = "PromoAttempts";

    public int PerAddress { get; set; } = 30;
    public int PerAccount { get; set; } = 15;
    public int WindowSeconds { get; set; } = 900;

    public bool IsValid => PerAddress is >= 1 and <= 1_000_000_000 && PerAccount is >= 1 and <= 1_000_000_000 && WindowSeconds is >= 1 and <= 86_400;

    internal int LimitFor(string key) => key.StartsWith("address:", StringComparison.Ordinal) ? PerAddress : PerAccount;
}

/// <summary>
/// One attempt let through: the windows it was counted in, so <see cref="IPromoAttemptGuard.EndAsync"/> can give it back.
/// <see cref="Refusal"/> is set instead when the client is over its limit (429 <c>promo_attempts_exceeded</c>).
/// </summary>
public sealed record PromoAttempt(PromoClient Client, IReadOnlyList<string> Keys, IReadOnlyList<DateTimeOffset> Windows, Error? Refusal)
{
    public bool IsRefused => Refusal is not null;
}

/// <summary>
/// The brute-force limit on typed codes (issue 13 item 5, ADR 54), for every door that takes a code from the public:
/// the counter, the checkout, the cart. Call <see cref="BeginAsync"/> before the code is looked up, outside any
/// transaction, and <see cref="EndAsync"/> with the refusal's reason (or null when the code was accepted or the request
/// failed for reasons that say nothing about codes) once the answer is known.
/// </summary>
public interface IPromoAttemptGuard
{
    Task<PromoAttempt> BeginAsync(PromoClient client, CancellationToken ct);

    Task EndAsync(PromoAttempt attempt, string? refusalReason, CancellationToken ct);
}

/// <summary>
/// Counters held in PostgreSQL (<c>promo_attempts</c>, one row per address and per account), so the limit is exact across
/// app instances. An attempt is counted up front by a guarded upsert (refused when the window's count is at the limit) and
/// given back if the code was accepted: a burst of parallel guesses can't all pass the check before any is counted.
/// </summary>
public sealed partial class PromoAttemptGuard(IAppDbContext db, TimeProvider clock, IOptionsMonitor<PromoAttemptOptions> options,
    ILogger<PromoAttemptGuard> logger) : IPromoAttemptGuard
{
    /// <summary>
    /// $1 keys, $2 their limits, $3 now, $4 window start that has run out (now − window). A row whose window ran out starts
    /// again at one; otherwise it is raised only below its limit. One row per key counted.
    /// </summary>
    private const string Count = """
        INSERT INTO promo_attempts AS a (key, failures, window_started_at)
        SELECT k, 1, $3::timestamptz FROM unnest($1::text[]) AS k
        ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN a.window_started_at <= $4::timestamptz THEN 1 ELSE a.failures + 1 END,
            window_started_at = CASE WHEN a.window_started_at <= $4::timestamptz THEN $3::timestamptz ELSE a.window_started_at END
        WHERE a.window_started_at <= $4::timestamptz
           OR a.failures < (SELECT l FROM unnest($1::text[], $2::int[]) AS x(k, l) WHERE x.k = a.key)
        RETURNING a.key, a.window_started_at
        """;

    /// <summary>$1 keys, $2 the windows they were counted in: an accepted code is not a guess, so its count comes back.</summary>
    private const string GiveBack = """
        UPDATE promo_attempts AS a SET failures = a.failures - 1
        FROM unnest($1::text[], $2::timestamptz[]) AS x(k, w)
        WHERE a.key = x.k AND a.window_started_at = x.w AND a.failures > 0
        """;

    public async Task<PromoAttempt> BeginAsync(PromoClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var keys = client.Keys();
        if (keys.Count == 0) return new PromoAttempt(client, [], [], null);
        var limits = options.CurrentValue;
        // Microseconds, as PostgreSQL keeps them, so the window read back compares equal when the attempt is given back.
        var now = Truncate(clock.GetUtcNow());
        var window = TimeSpan.FromSeconds(limits.WindowSeconds);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // All or nothing: an attempt the account's counter refuses must not use up the address's, and the reverse.
            await using var tx = await connection.BeginTransactionAsync(ct);
            var counted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            await using (var command = Command(connection, tx, Count, keys.ToArray(), keys.Select(limits.LimitFor).ToArray(), now, now - window))
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    counted[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            if (counted.Count == keys.Count)
            {
                await tx.CommitAsync(ct);
                return new PromoAttempt(client, keys, [.. keys.Select(k => counted[k])], null);
            }
            await tx.RollbackAsync(ct);

            var full = keys.Where(k => !counted.ContainsKey(k)).ToArray();
            var blocked = await db.Database.SqlQuery<DateTimeOffset>(
                    $"SELECT window_started_at AS \"Value\" FROM promo_attempts WHERE key = ANY ({full}) AND window_started_at > {now - window}")
                .ToListAsync(ct);
            var until = blocked.Count == 0 ? now + window : blocked.Max() + window;
            var seconds = Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds));
            LogLimited(logger, client.Channel, client.Address, client.Account, seconds);
            return new PromoAttempt(client, keys, [], Exceeded(seconds));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task EndAsync(PromoAttempt attempt, string? refusalReason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.IsRefused || attempt.Keys.Count == 0) return;
        if (refusalReason is not null)
        {
            LogRefused(logger, attempt.Client.Channel, refusalReason, attempt.Client.Address, attempt.Client.Account);
            return;
        }
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Command(connection, null, GiveBack, attempt.Keys.ToArray(), attempt.Windows.ToArray());
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static Error Exceeded(int retryAfterSeconds) => new(ErrorKind.Locked, "promo_attempts_exceeded",
        Plural.Format(Messages.ResourceManager, nameof(Messages.Promo_AttemptsExceeded_other), Math.Max(1, (retryAfterSeconds + 59) / 60)),
        new Dictionary<string, object?> { ["retryAfterSeconds"] = retryAfterSeconds });

    private static DateTimeOffset Truncate(DateTimeOffset t) => t.AddTicks(-(t.Ticks % 10));

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params object[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning,
        Message = "Promo code refused at {Channel}: {Reason} (address {ClientAddress}, account {AccountId})")]
    private static partial void LogRefused(ILogger logger, string channel, string reason, string? clientAddress, string? accountId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning,
        Message = "Promo code attempts over the limit at {Channel} (address {ClientAddress}, account {AccountId}); retry after {RetryAfterSeconds} s")]
    private static partial void LogLimited(ILogger logger, string channel, string? clientAddress, string? accountId, int retryAfterSeconds);
}
