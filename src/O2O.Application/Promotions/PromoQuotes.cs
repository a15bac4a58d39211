using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Orders;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;

namespace O2O.Application.Promotions;

/// <summary>A code that applies here, what it takes off, and who the use counts against: what <see cref="PromoSql.Take"/> books.</summary>
public sealed record PromoQuote(Promotion Promotion, PromoCode Code, PromoDiscount Discount, IReadOnlyList<string> CustomerKeys)
{
    public PromoUse Use(Guid id, RedemptionChannel channel, Guid storeId, Guid? orderId, string? externalReference, long subtotalMinor,
        string currency, DateTimeOffset at, string actor) =>
        new(id, Promotion.Id, Code.Id, channel, storeId, orderId, externalReference, CustomerKeys, subtotalMinor, Discount.Total, currency, at, actor);
}

/// <summary>
/// The one way a typed code becomes a discount (ADR 51), for the checkout, the cart and the till alike: find the code,
/// weigh its promotion's conditions on the store's clock, and say why not in the reader's language. Reads only: the
/// use is booked by <see cref="PromoSql.Take"/>, which settles the races these reads can't (the last use, a single-use
/// code typed twice at once). Callers that take codes from the public count refusals for the brute-force limit.
/// </summary>
public static class PromoQuotes
{
    /// <param name="lines">The basket's lines; null at a till, which knows only its subtotal.</param>
    /// <param name="userId">The signed-in shopper, if any; with <paramref name="email"/> the per-customer limit's keys.</param>
    public static async Task<Result<PromoQuote>> QuoteAsync(IAppDbContext db, string? code, Store store, DateTimeOffset now,
        string currency, long subtotal, IReadOnlyList<PromoLine>? lines, string? userId, string? email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var normalized = PromoCodes.Normalize(code);
        var found = normalized.Length is >= PromoCodes.MinSharedLength and <= PromoCode.MaxLength
            ? await db.PromoCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Normalized == normalized, ct)
            : null;
        if (found is null) return NotApplicable(PromoRefusal.Unknown);
        var promotion = await db.Promotions.AsNoTracking().FirstAsync(p => p.Id == found.PromotionId, ct);

        var customerKeys = PromoCustomer.Keys(userId, email);
        bool? firstOrder = customerKeys.Count == 0 ? null
            : !await db.Orders.AnyAsync(o => ((userId != null && o.UserId == userId) || (email != null && o.CustomerEmail == email.Trim()))
                && o.Status != OrderStatus.Expired && o.Status != OrderStatus.Cancelled, ct);
        var context = new PromoContext(store.Id, TimeZoneInfo.ConvertTime(now, store.TimeZone).DateTime, currency, subtotal, lines, firstOrder);
        var (discount, refusal) = PromotionRules.Evaluate(promotion, context);
        if (refusal is { } why) return NotApplicable(why, promotion);

        if (promotion.MaxUsesPerCustomer is { } perCustomer && customerKeys.Count > 0
            && await UsesByAsync(db, promotion.Id, customerKeys, ct) >= perCustomer)
            return NotApplicable(PromoRefusal.AlreadyUsed);
        if ((found.SingleUse && found.Uses >= 1) || (promotion.MaxUses is { } max && promotion.Uses >= max))
            return Exhausted();
        return new PromoQuote(promotion, found, discount!, customerKeys);
    }

    /// <summary>The answer when the guarded statement refused the use that the reads above allowed: someone else was faster.</summary>
    public static Error Refused(PromoUseOutcome outcome) => outcome == PromoUseOutcome.CustomerLimitReached
        ? NotApplicable(PromoRefusal.AlreadyUsed)
        : Exhausted();

    public static Error Exhausted() => new(ErrorKind.Conflict, "promo_exhausted", Messages.Promo_Exhausted);

    public static Error NotApplicable(PromoRefusal refusal, Promotion? promotion = null) => new(ErrorKind.Unprocessable, "promo_not_applicable",
        Message(refusal, promotion), new Dictionary<string, object?> { ["reason"] = PromotionRules.Code(refusal) });

    /// <summary>Why not, for the shopper or the clerk: a whole sentence in the reader's language.</summary>
    public static string Message(PromoRefusal refusal, Promotion? promotion = null) => refusal switch
    {
        PromoRefusal.Unknown => Messages.Promo_Unknown,
        PromoRefusal.Paused => Messages.Promo_Paused,
        PromoRefusal.NotStarted => Messages.Promo_NotStarted,
        PromoRefusal.Ended => Messages.Promo_Ended,
        PromoRefusal.NotForThisStore => Messages.Promo_NotForThisStore,
        PromoRefusal.NotForTheseProducts => Messages.Promo_NotForTheseProducts,
        PromoRefusal.MinimumNotReached when promotion is { MinimumSubtotalMinor: { } minimum, Currency: { } currency } =>
            Texts.Format(Messages.Promo_MinimumNotReached, Formats.Money(minimum, currency)),
        PromoRefusal.MinimumNotReached => Messages.Promo_MinimumNotReachedPlain,
        PromoRefusal.WrongCurrency => Messages.Promo_WrongCurrency,
        PromoRefusal.FirstOrderOnly => Messages.Promo_FirstOrderOnly,
        PromoRefusal.AlreadyUsed => Messages.Promo_AlreadyUsed,
        _ => Messages.Promo_Unknown,
    };

    private static async Task<int> UsesByAsync(IAppDbContext db, Guid promotionId, IReadOnlyList<string> keys, CancellationToken ct) =>
        await db.PromoRedemptions.AsNoTracking()
            .Where(r => r.PromotionId == promotionId && r.ReleasedAt == null && r.CustomerKeys.Any(k => keys.Contains(k)))
            .CountAsync(ct);
}
