using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>
/// What a code takes off a basket before paying (the cart and checkout pages' "Apply", ADR 52): the same quote the
/// order is placed with, on the catalog's prices now. Reads only; the order books the use, or says why not then.
/// </summary>
public sealed record QuoteBasketCode(Guid StoreId, string? Code, IReadOnlyList<OrderLineInput> Lines, string? UserId, string? Email)
    : IQuery<Result<BasketCodeQuote>>
{
    /// <summary>
    /// Set by the edge: who is typing, for the code-guessing limit (ADR 54). The pages' "Apply" is a door to the codes
    /// like the API's checkout, so an unknown code counts against the address and the account in the same counters.
    /// </summary>
    public PromoClient? Client { get; init; }
}

/// <summary>The code as printed, what it takes off, and what is left to pay before any points.</summary>
public sealed record BasketCodeQuote(string Code, MoneyDto Discount, MoneyDto Total);

public sealed class QuoteBasketCodeHandler(IAppDbContext db, TimeProvider clock, IPromoAttemptGuard guard) : IQueryHandler<QuoteBasketCode, Result<BasketCodeQuote>>
{
    public async ValueTask<Result<BasketCodeQuote>> Handle(QuoteBasketCode query, CancellationToken ct)
    {
        if (query.Client is null) return await QuoteAsync(query, ct);
        var attempt = await guard.BeginAsync(query.Client, ct);
        if (attempt.Refusal is { } limited) return limited;
        var result = await QuoteAsync(query, ct);
        // As at the API's checkout: a guess is a code that doesn't exist; a real code refused here (minimum, store) is not.
        var unknown = result.Error is { Code: "promo_not_applicable" } e && e.Details?.TryGetValue("reason", out var reason) == true
            && reason as string == PromotionRules.Code(PromoRefusal.Unknown);
        await guard.EndAsync(attempt, unknown ? "promo_not_applicable:unknown" : null, CancellationToken.None);
        return result;
    }

    private async Task<Result<BasketCodeQuote>> QuoteAsync(QuoteBasketCode query, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StoreId, ct);
        var ids = query.Lines.Select(l => l.ProductId).ToArray();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Category, p.PriceAmount, p.PriceCurrency }).ToDictionaryAsync(p => p.Id, ct);
        if (store is null || products.Count == 0 || query.Lines.Any(l => !products.ContainsKey(l.ProductId)))
            return PromoQuotes.NotApplicable(PromoRefusal.NotForTheseProducts);
        var lines = query.Lines.Select(l => new PromoLine(l.ProductId, products[l.ProductId].Category, products[l.ProductId].PriceAmount * l.Quantity)).ToList();
        var currency = products.Values.First().PriceCurrency;
        var goods = lines.Sum(l => l.Amount);
        var quote = await PromoQuotes.QuoteAsync(db, query.Code, store, clock.GetUtcNow(), currency, goods, lines, query.UserId, query.Email, ct);
        if (quote.Error is { } refused) return refused;
        var discount = quote.Value!.Discount.Total;
        return new BasketCodeQuote(quote.Value.Code.Code, new MoneyDto(discount, currency), new MoneyDto(goods - discount, currency));
    }
}
