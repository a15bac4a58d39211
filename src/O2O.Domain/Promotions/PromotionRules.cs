using O2O.Domain.Common;

namespace O2O.Domain.Promotions;

/// <summary>A line of the basket a promotion is weighed against: its product, category and total (what it costs as held).</summary>
public sealed record PromoLine(Guid ProductId, string Category, long Amount);

/// <summary>
/// Where and what a code is used for. <see cref="Lines"/> is null at a till that sends only its subtotal;
/// <see cref="FirstOrder"/> is null when the customer is unknown (a till), true when they have no earlier order.
/// </summary>
public sealed record PromoContext(Guid StoreId, DateTime StoreLocalNow, string Currency, long Subtotal, IReadOnlyList<PromoLine>? Lines, bool? FirstOrder);

/// <summary>Why a code can't be used here; the API's <c>reason</c> in snake case (ADR 51).</summary>
public enum PromoRefusal
{
    Unknown,
    Paused,
    NotStarted,
    Ended,
    NotForThisStore,
    NotForTheseProducts,
    MinimumNotReached,
    WrongCurrency,
    FirstOrderOnly,
    AlreadyUsed,
}

/// <summary>The discount a promotion gives: <see cref="Total"/>, and its share on each line, in the lines' order, adding up to it exactly.</summary>
public sealed record PromoDiscount(long Total, IReadOnlyList<long> PerLine);

/// <summary>
/// Whether a promotion applies and what it takes off (ADR 51): pure, so the checkout, the till and the short pick all
/// compute the same discount. Whether a use is left is not asked here: the guarded statements answer that.
/// </summary>
public static class PromotionRules
{
    public static (PromoDiscount? Discount, PromoRefusal? Refusal) Evaluate(Promotion promotion, PromoContext context)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        ArgumentNullException.ThrowIfNull(context);
        if (promotion.Paused) return (null, PromoRefusal.Paused);
        if (promotion.ValidFrom is { } from && context.StoreLocalNow < from) return (null, PromoRefusal.NotStarted);
        if (promotion.ValidUntil is { } until && context.StoreLocalNow >= until) return (null, PromoRefusal.Ended);
        if (!promotion.CoversStore(context.StoreId)) return (null, PromoRefusal.NotForThisStore);
        if (promotion.Currency is { } currency && currency != context.Currency) return (null, PromoRefusal.WrongCurrency);
        if (promotion.FirstOrderOnly && context.FirstOrder is not true) return (null, PromoRefusal.FirstOrderOnly);
        if (promotion.MinimumSubtotalMinor is { } minimum && context.Subtotal < minimum) return (null, PromoRefusal.MinimumNotReached);
        // A till sends no lines: a promotion for some products only can't be checked there, so it is refused, not guessed.
        if (context.Lines is null && !promotion.CoversEveryProduct) return (null, PromoRefusal.NotForTheseProducts);
        var discount = DiscountOn(promotion, context.Subtotal, context.Lines);
        return discount.Total > 0 ? (discount, null) : (null, PromoRefusal.NotForTheseProducts);
    }

    /// <summary>
    /// The discount on these goods, without the conditions: what <see cref="Evaluate"/> gives once they hold, and what a
    /// short pick recomputes on the lines that remain (the store's shortfall never takes the code away).
    /// A percentage is rounded half away from zero on the goods covered; a fixed amount is at most those goods; either
    /// is at most <see cref="Promotion.MaxShareBasisPoints"/> of the whole basket. The lines' shares are the total split
    /// over the covered lines in proportion to their amounts (<see cref="Allocation.Proportional"/>).
    /// </summary>
    public static PromoDiscount DiscountOn(Promotion promotion, long subtotal, IReadOnlyList<PromoLine>? lines)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        var covered = lines?.Select(l => promotion.Covers(l.ProductId, l.Category) ? l.Amount : 0).ToArray();
        var coveredAmount = covered?.Sum() ?? subtotal;
        var whole = lines?.Sum(l => l.Amount) ?? subtotal;
        var total = promotion.Kind switch
        {
            PromotionKind.PercentOff => RoundHalfAwayFromZero((Int128)coveredAmount * promotion.PercentBasisPoints!.Value, 10_000),
            _ => Math.Min(promotion.AmountOffMinor!.Value, coveredAmount),
        };
        total = Math.Min(total, (long)((Int128)whole * Promotion.MaxShareBasisPoints / 10_000));
        total = Math.Max(0, total);
        return new PromoDiscount(total, covered is null ? [] : Allocation.Proportional(total, covered));
    }

    /// <summary>The API's name of a refusal: <c>not_for_this_store</c>.</summary>
    public static string Code(PromoRefusal refusal) => string.Concat(refusal.ToString().Select((c, i) =>
        char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static long RoundHalfAwayFromZero(Int128 numerator, int denominator)
    {
        var (q, r) = Int128.DivRem(numerator, denominator);
        return (long)(r * 2 >= denominator ? q + 1 : q);
    }
}

/// <summary>Who a use counts against for the per-customer limit: the account and the email both, so signing out doesn't reset it.</summary>
public static class PromoCustomer
{
    public static IReadOnlyList<string> Keys(string? userId, string? email)
    {
        var keys = new List<string>(2);
        if (!string.IsNullOrEmpty(userId)) keys.Add("user:" + userId);
        if (!string.IsNullOrWhiteSpace(email)) keys.Add("email:" + email.Trim().ToLowerInvariant());
        return keys;
    }
}
