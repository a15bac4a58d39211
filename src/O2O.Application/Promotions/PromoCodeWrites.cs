using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>A code as the admin's API returns it: as printed, how many live uses it carries.</summary>
public sealed record PromoCodeView(Guid Id, string Code, bool SingleUse, int Uses, Guid? CampaignId, DateTimeOffset CreatedAt);

public sealed record CodesAdded(int Count, IReadOnlyList<PromoCodeView> Codes);

/// <summary>
/// Writes codes (ADR 53). Uniqueness is the database's: the unique index on <c>normalized</c> decides, through
/// <c>ON CONFLICT DO NOTHING</c>, so two admins choosing the same code at once, or a generated code that happens to exist,
/// never become two rows or an exception. Runs in the caller's transaction.
/// </summary>
public static class PromoCodeWrites
{
    public const int MaxBatch = 10_000;

    private const string Insert = """
        INSERT INTO promo_codes (id, promotion_id, code, normalized, single_use, campaign_id, created_at)
        SELECT u.id, $1::uuid, u.code, u.normalized, $2::boolean, $3::uuid, $4::timestamptz
        FROM unnest($5::uuid[], $6::text[], $7::text[]) AS u (id, code, normalized)
        ON CONFLICT (normalized) DO NOTHING
        RETURNING id
        """;

    /// <summary>The shared code of <paramref name="promotion"/>: 409 <c>promo_code_taken</c> when its normalised form exists, in any promotion.</summary>
    public static async Task<Result<CodesAdded>> AddSharedAsync(IAppDbContext db, Promotion promotion, string code, Actor actor, DateTimeOffset now,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        var candidate = new PromoCode(Guid.CreateVersion7(), promotion.Id, code, singleUse: false, campaignId: null, now);
        var inserted = await InsertAsync(db, promotion.Id, false, null, now, [candidate], ct);
        if (inserted.Count == 0)
        {
            // The field's message too, so a page shows it beside the code it was typed in.
            var message = Texts.Format(Messages.Promotions_CodeTaken, candidate.Code);
            return new Error(ErrorKind.Conflict, "promo_code_taken", message, new Dictionary<string, object?>
            {
                ["promoCode"] = candidate.Code, ["errors"] = new Dictionary<string, string[]> { ["code"] = [message] },
            });
        }
        db.AuditEntries.Add(PromotionWrites.Audit(now, actor, "promotion.code", promotion.Id, null, new { candidate.Code }));
        await db.SaveChangesAsync(ct);
        return new CodesAdded(1, [View(candidate)]);
    }

    /// <summary>
    /// <paramref name="count"/> new single-use codes in one statement per round: a code that collides with one already
    /// stored (or with another of the batch) is drawn again, until all are in. With 31^12 codes a second round is
    /// practically never needed; <paramref name="generate"/> is there so a test can force one.
    /// </summary>
    public static async Task<IReadOnlyList<PromoCodeView>> GenerateAsync(IAppDbContext db, Guid promotionId, int count, Guid? campaignId,
        DateTimeOffset now, CancellationToken ct, Func<string>? generate = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxBatch);
        generate ??= PromoCodes.Generate;
        var made = new List<PromoCodeView>(count);
        for (var round = 0; made.Count < count; round++)
        {
            if (round == 20) throw new InvalidOperationException("Could not draw unique codes; the generator repeats itself.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var candidates = new List<PromoCode>(count - made.Count);
            for (var draws = 0; candidates.Count < count - made.Count && draws < 4 * count; draws++)
            {
                var code = new PromoCode(Guid.CreateVersion7(), promotionId, generate(), singleUse: true, campaignId, now);
                if (seen.Add(code.Normalized)) candidates.Add(code);
            }
            var inserted = await InsertAsync(db, promotionId, true, campaignId, now, candidates, ct);
            made.AddRange(candidates.Where(c => inserted.Contains(c.Id)).Select(View));
        }
        return made;
    }

    private static async Task<HashSet<Guid>> InsertAsync(IAppDbContext db, Guid promotionId, bool singleUse, Guid? campaignId, DateTimeOffset now,
        IReadOnlyList<PromoCode> codes, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Codes are written inside the caller's transaction.");
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert;
        Add(command, promotionId);
        Add(command, singleUse);
        Add(command, campaignId);
        Add(command, now.ToUniversalTime());
        Add(command, codes.Select(c => c.Id).ToArray());
        Add(command, codes.Select(c => c.Code).ToArray());
        Add(command, codes.Select(c => c.Normalized).ToArray());
        var inserted = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) inserted.Add(reader.GetGuid(0));
        return inserted;
    }

    private static void Add(DbCommand command, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static PromoCodeView View(PromoCode c) => new(c.Id, c.Code, c.SingleUse, 0, c.CampaignId, c.CreatedAt);
}
