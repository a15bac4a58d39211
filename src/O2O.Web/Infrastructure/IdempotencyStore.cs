using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Data.Configurations;

namespace O2O.Web.Infrastructure;

/// <summary>
/// Makes retries of a POST safe: the first request with an Idempotency-Key claims it (a unique key in
/// PostgreSQL, so two instances racing on one key cannot both run), and its answer is stored for replay.
/// </summary>
public sealed class IdempotencyStore(AppDbContext db, TimeProvider clock)
{
    public abstract record Claim;
    public sealed record Claimed : Claim;
    public sealed record Replay(int StatusCode, string Body) : Claim;
    public sealed record Mismatch : Claim;
    public sealed record InProgress : Claim;

    public static string Hash(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public async Task<Claim> ClaimAsync(string scope, string key, string requestHash, CancellationToken ct)
    {
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_records (scope, key, request_hash, status_code, response_body, created_at)
            VALUES ({scope}, {key}, {requestHash}, 0, '', {clock.GetUtcNow()})
            ON CONFLICT (scope, key) DO NOTHING
            """, ct);
        if (inserted == 1) return new Claimed();

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
