using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Data.Configurations;

namespace O2O.Web.Infrastructure;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// How long a claimed key waits for its answer before a retry may take it over: the instance that claimed it may
    /// have died. Longer than any request runs (Stripe's own timeout and retries included), so a slow request is never run twice.
    /// </summary>
    [Range(1, 86_400)]
    public int InProgressLeaseSeconds { get; set; } = 300;
}

/// <summary>
/// Makes retries of a POST safe: the first request with an Idempotency-Key claims it (a unique key in
/// PostgreSQL, so two instances racing on one key cannot both run), and its answer is stored for replay.
/// A claim that never got its answer (its instance was killed) is a lease: after it runs out, a retry takes it over.
/// </summary>
public sealed class IdempotencyStore(AppDbContext db, TimeProvider clock, IOptions<IdempotencyOptions> options)
{
    public abstract record Claim;
    public sealed record Claimed : Claim;
    public sealed record Replay(int StatusCode, string Body) : Claim;
    public sealed record Mismatch : Claim;
    public sealed record InProgress : Claim;

    public static string Hash(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public async Task<Claim> ClaimAsync(string scope, string key, string requestHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseEnded = now.AddSeconds(-options.Value.InProgressLeaseSeconds);
        // One statement, the row count deciding: a new key, or the same request's unanswered claim whose lease ran out.
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_records AS r (scope, key, request_hash, status_code, response_body, created_at)
            VALUES ({scope}, {key}, {requestHash}, 0, '', {now})
            ON CONFLICT (scope, key) DO UPDATE SET created_at = EXCLUDED.created_at
            WHERE r.status_code = 0 AND r.request_hash = EXCLUDED.request_hash AND r.created_at < {leaseEnded}
            """, ct);
        if (claimed == 1) return new Claimed();

        var existing = await db.Set<IdempotencyRecordRow>().AsNoTracking().SingleAsync(r => r.Scope == scope && r.Key == key, ct);
        if (existing.RequestHash != requestHash) return new Mismatch();
        return existing.StatusCode == 0 ? new InProgress() : new Replay(existing.StatusCode, existing.ResponseBody);
    }

    public Task CompleteAsync(string scope, string key, int statusCode, string body, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE idempotency_records SET status_code = {statusCode}, response_body = {body}
            WHERE scope = {scope} AND key = {key}
            """, ct);

    /// <summary>The request failed in a way a retry may fix: forget the key.</summary>
    public Task AbandonAsync(string scope, string key) =>
        db.Database.ExecuteSqlAsync($"DELETE FROM idempotency_records WHERE scope = {scope} AND key = {key} AND status_code = 0");
}
