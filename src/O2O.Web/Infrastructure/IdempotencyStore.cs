using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using O2O.Application.Jobs;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Data.Configurations;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Makes retries of a POST safe: the first request with an Idempotency-Key claims it (a unique key in
/// PostgreSQL, so two instances racing on one key cannot both run), and its answer is stored for replay.
/// A claim is a lease: its <c>created_at</c> is when it was taken, and a claim still unanswered after
/// <see cref="IdempotencyOptions.LeaseSeconds"/> belonged to a request that died, so a retry takes it over.
/// The claim's instant is also its token: only the holder of the current lease may answer or abandon it.
/// </summary>
public sealed class IdempotencyStore(AppDbContext db, TimeProvider clock, IOptions<IdempotencyOptions> options, ILogger<IdempotencyStore> logger)
{
    public abstract record Claim;
    public sealed record Claimed(Lease Lease) : Claim;
    public sealed record Replay(int StatusCode, string Body) : Claim;
    public sealed record Mismatch : Claim;
    public sealed record InProgress : Claim;

    public sealed record Lease(string Scope, string Key, DateTimeOffset TakenAt);

    public static string Hash(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>
    /// Keys belong to their caller, as Stripe's belong to an API key: a signed-in caller's to the account. A guest has no
    /// account, so the key itself is the secret (a random UUID, which nobody else can guess); see ADR 27.
    /// </summary>
    public static string ScopeFor(string operation, string? userId) => userId is null ? $"{operation}:guest" : $"{operation}:user:{userId}";

    public async Task<Claim> ClaimAsync(string scope, string key, string requestHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expiredBefore = now - options.Value.Lease;
        // One statement decides: a new key is inserted, an unanswered key whose lease ran out is taken over (same body
        // only), anything else is left alone and reported by the read below.
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_records (scope, key, request_hash, status_code, response_body, created_at)
            VALUES ({scope}, {key}, {requestHash}, 0, '', {now})
            ON CONFLICT (scope, key) DO UPDATE SET created_at = excluded.created_at
            WHERE idempotency_records.status_code = 0
              AND idempotency_records.request_hash = excluded.request_hash
              AND idempotency_records.created_at <= {expiredBefore}
            """, ct);
        if (claimed == 1) return new Claimed(new Lease(scope, key, now));

        var existing = await db.Set<IdempotencyRecordRow>().AsNoTracking().SingleAsync(r => r.Scope == scope && r.Key == key, ct);
        if (existing.RequestHash != requestHash) return new Mismatch();
        return existing.StatusCode == 0 ? new InProgress() : new Replay(existing.StatusCode, existing.ResponseBody);
    }

    public async Task CompleteAsync(Lease lease, int statusCode, string body, CancellationToken ct)
    {
        var stored = await db.Database.ExecuteSqlAsync($"""
            UPDATE idempotency_records SET status_code = {statusCode}, response_body = {body}
            WHERE scope = {lease.Scope} AND key = {lease.Key} AND status_code = 0 AND created_at = {lease.TakenAt}
            """, ct);
        if (stored == 0)
            logger.LogWarning("Idempotency key {Key} was taken over before its answer was stored: the request outlived its lease", lease.Key);
    }

    /// <summary>The request failed in a way a retry may fix: forget the key, if the lease is still ours.</summary>
    public Task AbandonAsync(Lease lease) =>
        db.Database.ExecuteSqlAsync($"""
            DELETE FROM idempotency_records
            WHERE scope = {lease.Scope} AND key = {lease.Key} AND status_code = 0 AND created_at = {lease.TakenAt}
            """);
}
