using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Staff;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;

namespace O2O.Application.Promotions;

/// <summary>
/// A clerk at the desk, or a point of sale through the API, redeems a code for a sale made at the store's till (issue 13
/// item 4, ADR 54). The till's <paramref name="ExternalReference"/> (its receipt number) keys the sale at the store: the
/// same request again answers what the first did, another request with it is refused. Refusals count against
/// <paramref name="Client"/>'s brute-force limit.
/// </summary>
public sealed record RedeemAtCounter(Guid StoreId, string? Code, long? SubtotalAmount, string? Currency, string? ExternalReference,
    Actor Actor, PromoClient Client) : ICommand<Result<CounterRedemption>>;

public sealed record CounterPromotion(Guid Id, string Name);

/// <summary>The answer to a till: what comes off, and the id to void it with. <see cref="CreatedAt"/> is on the store's clock.</summary>
public sealed record CounterRedemption(Guid RedemptionId, string Code, MoneyDto Discount, MoneyDto Subtotal, MoneyDto Total,
    CounterPromotion Promotion, string ExternalReference, DateTimeOffset CreatedAt);

public sealed class RedeemAtCounterValidator : AbstractValidator<RedeemAtCounter>
{
    /// <summary>One million in major units of a two-decimal currency: well above any till sale, well below overflow.</summary>
    public const long MaxSubtotal = 100_000_000;

    public RedeemAtCounterValidator()
    {
        RuleFor(x => x.Code).NotEmpty().WithMessage(_ => Messages.Counter_CodeRequired)
            .MaximumLength(PromoCode.MaxLength + 10).WithMessage(_ => Messages.Promo_Unknown).OverridePropertyName("code");
        RuleFor(x => x.SubtotalAmount).NotNull().WithMessage(_ => Messages.Counter_SubtotalRequired)
            .InclusiveBetween(1, MaxSubtotal).WithMessage(_ => Texts.Format(Messages.Counter_SubtotalRange, Formats.Number(MaxSubtotal)))
            .OverridePropertyName("subtotal.amount");
        RuleFor(x => x.Currency).Must(c => c is { Length: 3 } && c.All(char.IsAsciiLetterUpper))
            .WithMessage(_ => Messages.Counter_CurrencyInvalid).OverridePropertyName("subtotal.currency");
        RuleFor(x => x.ExternalReference).NotEmpty().WithMessage(_ => Messages.Counter_ReferenceRequired)
            .Must(CounterReferences.IsValid).WithMessage(_ => Texts.Format(Messages.Counter_ReferenceInvalid, PromoRedemption.ExternalReferenceMaxLength))
            .OverridePropertyName("externalReference");
    }
}

public sealed class RedeemAtCounterHandler(IAppDbContext db, TimeProvider clock, IPromoAttemptGuard guard)
    : ICommandHandler<RedeemAtCounter, Result<CounterRedemption>>
{
    public async ValueTask<Result<CounterRedemption>> Handle(RedeemAtCounter command, CancellationToken ct)
    {
        if (!await StaffScope.CoversAsync(db, command.Actor, command.StoreId, ct)) return Error.NotFound(Messages.NotFound_Store);
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == command.StoreId, ct);
        if (store is null) return Error.NotFound(Messages.NotFound_Store);
        if (StoreCurrencies.Of(store) is { } sells && sells != command.Currency)
            return Error.Invalid("subtotal.currency", Texts.Format(Messages.Counter_CurrencyNotStore, sells));

        // A replay is answered before the limit is asked: it tells nothing new, and a till retrying a lost answer must get it.
        var earlier = await CounterRedemptions.FindAsync(db, store, command.ExternalReference!, ct);
        if (earlier is not null && earlier.Matches(command)) return earlier.Answer;

        var attempt = await guard.BeginAsync(command.Client, ct);
        if (attempt.Refusal is { } limited) return limited;
        var result = earlier is not null ? CounterRedemptions.ReferenceReused() : await RedeemAsync(command, store, ct);
        await guard.EndAsync(attempt, result.Error is { } error ? CounterRedemptions.ReasonOf(error) : null, CancellationToken.None);
        return result;
    }

    private async Task<Result<CounterRedemption>> RedeemAsync(RedeemAtCounter command, Store store, CancellationToken ct)
    {
        // Microseconds, as PostgreSQL keeps them: the first answer and every replay read the same instant.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var quote = await PromoQuotes.QuoteAsync(db, command.Code, store, now, command.Currency!, command.SubtotalAmount!.Value,
            lines: null, userId: null, email: null, ct);
        if (quote.Error is { } refused) return await AfterRefusalAsync(command, store, refused, ct);

        var use = quote.Value!.Use(Guid.CreateVersion7(now), RedemptionChannel.Counter, store.Id, null, command.ExternalReference,
            command.SubtotalAmount.Value, command.Currency!, now, command.Actor.Name);
        PromoUseOutcome outcome;
        try
        {
            outcome = await TakeAsync(use, ct);
        }
        catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: CounterRedemptions.ReferenceIndex })
        {
            // The same sale sent twice at once: the other request booked it, and this one answers as a replay of it.
            return await AfterRefusalAsync(command, store, CounterRedemptions.ReferenceReused(), ct);
        }
        if (outcome != PromoUseOutcome.Taken) return await AfterRefusalAsync(command, store, PromoQuotes.Refused(outcome), ct);
        return CounterRedemptions.AnswerFor(use, quote.Value.Code.Code, quote.Value.Promotion, store);
    }

    /// <summary>
    /// A single-use code sent twice at once is refused to the slower request as used (its guard runs before the unique
    /// reference): if the winner was this very sale, the answer is the winner's.
    /// </summary>
    private async Task<Result<CounterRedemption>> AfterRefusalAsync(RedeemAtCounter command, Store store, Error refusal, CancellationToken ct)
    {
        var winner = await CounterRedemptions.FindAsync(db, store, command.ExternalReference!, ct);
        if (winner is null) return refusal;
        return winner.Matches(command) ? winner.Answer : CounterRedemptions.ReferenceReused();
    }

    private async Task<PromoUseOutcome> TakeAsync(PromoUse use, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await PromoSql.RunAsync(db, PromoSql.Take, PromoSql.Values(use), ct);
        var outcome = PromoSql.Outcome(row[0], row[1], row[2], row[3]);
        if (outcome == PromoUseOutcome.Taken && row[4] == 1) await tx.CommitAsync(ct);
        else await tx.RollbackAsync(ct);
        return outcome;
    }
}

/// <summary>A till's receipt number: printable ASCII, no spaces at its ends, so what the till prints is what it sends back.</summary>
public static class CounterReferences
{
    public static bool IsValid(string? reference) =>
        reference is { Length: >= 1 and <= PromoRedemption.ExternalReferenceMaxLength }
        && reference.All(c => c is >= ' ' and <= '~') && reference[0] != ' ' && reference[^1] != ' ';
}

/// <summary>
/// The currency a store's till sells in, by its country; null where O2O doesn't know the country (then the promotion's own
/// currency rule is all there is). Stores carry no currency of their own: the catalog's prices are in the country's.
/// </summary>
public static class StoreCurrencies
{
    private static readonly Dictionary<string, string> ByCountry = new(StringComparer.Ordinal)
    {
        ["AT"] = "EUR", ["BE"] = "EUR", ["CY"] = "EUR", ["DE"] = "EUR", ["EE"] = "EUR", ["ES"] = "EUR", ["FI"] = "EUR", ["FR"] = "EUR",
        ["GR"] = "EUR", ["HR"] = "EUR", ["IE"] = "EUR", ["IT"] = "EUR", ["LT"] = "EUR", ["LU"] = "EUR", ["LV"] = "EUR", ["MT"] = "EUR",
        ["NL"] = "EUR", ["PT"] = "EUR", ["SI"] = "EUR", ["SK"] = "EUR",
        ["GB"] = "GBP", ["CH"] = "CHF", ["SE"] = "SEK", ["DK"] = "DKK", ["NO"] = "NOK", ["PL"] = "PLN", ["CZ"] = "CZK", ["US"] = "USD",
    };

    public static string? Of(Store store) => ByCountry.GetValueOrDefault(store.Address.CountryCode);
}

/// <summary>Reading a counter sale back, for replays, the GET and the desk's list.</summary>
public static class CounterRedemptions
{
    public const string ReferenceIndex = "ix_promo_redemptions_store_id_external_reference";

    public sealed record Found(PromoRedemption Redemption, string Code, string Normalized, string PromotionName, CounterRedemption Answer)
    {
        public bool Matches(RedeemAtCounter command) =>
            Normalized == PromoCodes.Normalize(command.Code) && Redemption.SubtotalMinor == command.SubtotalAmount
            && Redemption.Currency == command.Currency;
    }

    public static async Task<Found?> FindAsync(IAppDbContext db, Store store, string reference, CancellationToken ct)
    {
        var row = await (
                from r in db.PromoRedemptions.AsNoTracking()
                where r.StoreId == store.Id && r.ExternalReference == reference
                join c in db.PromoCodes on r.CodeId equals c.Id
                join p in db.Promotions on r.PromotionId equals p.Id
                select new { Redemption = r, c.Code, c.Normalized, p.Name })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new Found(row.Redemption, row.Code, row.Normalized, row.Name, From(row.Redemption, row.Code, row.Name, store));
    }

    public static CounterRedemption From(PromoRedemption r, string code, string promotionName, Store store) =>
        new(r.Id, code, new MoneyDto(r.DiscountMinor, r.Currency), new MoneyDto(r.SubtotalMinor, r.Currency),
            new MoneyDto(r.SubtotalMinor - r.DiscountMinor, r.Currency), new CounterPromotion(r.PromotionId, promotionName),
            r.ExternalReference ?? "", Formats.InZone(r.CreatedAt, store.TimeZone));

    internal static CounterRedemption AnswerFor(PromoUse use, string code, Promotion promotion, Store store) =>
        new(use.Id, code, new MoneyDto(use.DiscountMinor, use.Currency), new MoneyDto(use.SubtotalMinor, use.Currency),
            new MoneyDto(use.SubtotalMinor - use.DiscountMinor, use.Currency), new CounterPromotion(promotion.Id, promotion.Name),
            use.ExternalReference!, Formats.InZone(use.At, store.TimeZone));

    public static Error ReferenceReused() => new(ErrorKind.Unprocessable, "external_reference_reused", Messages.Counter_ReferenceReused);

    /// <summary>What the log and the metrics call a refusal: the promotion's reason, or the error's code.</summary>
    public static string ReasonOf(Error error) =>
        error.Details?.TryGetValue("reason", out var reason) == true && reason is string text ? $"{error.Code}:{text}" : error.Code;
}
