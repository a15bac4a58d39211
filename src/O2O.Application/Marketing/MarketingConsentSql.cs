using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Marketing;

/// <summary>Where a shopper said yes or no to marketing emails; stored by name, and part of the API.</summary>
public enum ConsentSource
{
    /// <summary>The box on the registration form, ticked or not (it is never ticked for them).</summary>
    Registration,
    /// <summary>The account page or <c>PUT /api/v1/me/marketing-consent</c>.</summary>
    Account,
    /// <summary>A signed unsubscribe link in an email, or the mail client's one-click button (RFC 8058).</summary>
    Unsubscribe,
}

public enum ConsentWrite { Changed, Unchanged, UnknownAccount }

/// <summary>
/// The one statement that changes a shopper's marketing consent (ADR 55). The current answer is one row per account in
/// <c>marketing_consents</c> (no row: never asked, which counts as no); every real change also appends a row to
/// <c>marketing_consent_changes</c>, in the same statement, so the history always explains the current answer. An
/// answer equal to the current one changes nothing and appends nothing: a second unsubscribe is harmless. Two answers
/// racing are settled by the row lock of ON CONFLICT DO UPDATE, each compared with the other's committed result.
/// </summary>
public static class MarketingConsentSql
{
    public static async Task<ConsentWrite> RecordAsync(IAppDbContext db, string userId, bool given, ConsentSource source, Guid? campaignId,
        DateTimeOffset at, CancellationToken ct)
    {
        var sourceName = source.ToString();
        var utc = at.ToUniversalTime();
        // ToListAsync, not SingleAsync: EF would wrap the statement in a subquery, where a data-modifying WITH is not allowed.
        var rows = await db.Database.SqlQuery<WriteRow>($"""
            WITH u AS (
                SELECT id FROM "AspNetUsers" WHERE id = {userId}
            ), c AS (
                INSERT INTO marketing_consents (user_id, given, source, changed_at)
                SELECT id, {given}, {sourceName}, {utc} FROM u
                ON CONFLICT (user_id) DO UPDATE SET given = excluded.given, source = excluded.source, changed_at = excluded.changed_at
                WHERE marketing_consents.given <> excluded.given
                RETURNING user_id
            ), h AS (
                INSERT INTO marketing_consent_changes (user_id, given, source, campaign_id, at)
                SELECT user_id, {given}, {sourceName}, {campaignId}::uuid, {utc} FROM c
                RETURNING id
            )
            SELECT (SELECT count(*) FROM u)::int AS known, (SELECT count(*) FROM h)::int AS changed
            """).ToListAsync(ct);
        var row = rows.Single();
        return row.Known == 0 ? ConsentWrite.UnknownAccount : row.Changed == 1 ? ConsentWrite.Changed : ConsentWrite.Unchanged;
    }

    private sealed record WriteRow(int Known, int Changed);
}
