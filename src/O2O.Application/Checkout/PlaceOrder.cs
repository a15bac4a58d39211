using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Promotions;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Promotions;
using O2O.Domain.Tax;

namespace O2O.Application.Checkout;

public sealed record PlaceOrder(Guid StoreId, DateTimeOffset? PickupSlotStart, CustomerInput? Customer, IReadOnlyList<OrderLineInput>? Lines)
    : ICommand<Result<PlacedOrder>>
{
    /// <summary>Set by the edge from the signed-in user; never read from the request body.</summary>
    public string? UserId { get; init; }

    /// <summary>
    /// Set by the edge: the caller's Idempotency-Key, scoped to the caller. Stored (hashed) with the order in its one
    /// commit, so a retry whose first answer was lost in a crash finds the order instead of placing a second one.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>"Collect now" (ADR 43): ready at the desk once prepared, instead of a pickup slot; never with <see cref="PickupSlotStart"/>.</summary>
    public bool CollectNow { get; init; }

    /// <summary>Someone the shopper sends to collect in their place (the desk sees the name); null when they come themselves.</summary>
    public string? CollectorName { get; init; }

    /// <summary>Loyalty points the signed-in shopper pays part of the order with (ADR 48); booked in the order's transaction.</summary>
    public long? LoyaltyPoints { get; init; }

    /// <summary>A promotion code as the shopper typed it (ADR 52); its use is booked in the order's transaction.</summary>
    public string? PromoCode { get; init; }
}

public sealed record CustomerInput(string? Email, string? Name, string? Phone);

public sealed record OrderLineInput(Guid ProductId, int Quantity);

public sealed record PlacedOrder(Guid Id, string Number, string Status, MoneyDto Total, DateTimeOffset HoldExpiresAt,
    SlotDto PickupSlot, string AccessToken, PaymentDto Payment)
{
    /// <summary>A collect-now order: when it is ready at the desk, in the store's zone; null for a slot order.</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    public bool CollectNow => ReadyAt is not null;
}

public sealed record SlotDto(DateTimeOffset Start, DateTimeOffset End);

public sealed record PaymentDto(string Provider, string? ClientSecret, bool TestMode);

public sealed class PlaceOrderValidator : AbstractValidator<PlaceOrder>
{
    /// <summary>Room for a code typed with spaces and dashes; anything longer is not a code.</summary>
    public const int MaxPromoCodeLength = 60;

    public PlaceOrderValidator(IOptions<CheckoutOptions> options)
    {
        var o = options.Value;
        RuleFor(x => x.StoreId).NotEmpty().OverridePropertyName("storeId").WithName(_ => Messages.Field_StoreId);
        RuleFor(x => x.PickupSlotStart).NotNull().When(x => !x.CollectNow).WithMessage(_ => Messages.Checkout_ChooseSlot)
            .IsSaneInstant("pickupSlotStart").OverridePropertyName("pickupSlotStart");
        RuleFor(x => x.PickupSlotStart).Null().When(x => x.CollectNow).WithMessage(_ => Messages.CollectNow_NotWithSlot)
            .OverridePropertyName("collectNow");
        RuleFor(x => x.Customer).NotNull().OverridePropertyName("customer").WithName(_ => Messages.Field_Customer);
        When(x => x.Customer is not null, () =>
        {
            RuleFor(x => x.Customer!.Email).NotEmpty().WithMessage(_ => Messages.Checkout_EnterEmail)
                .MaximumLength(254).MailboxAddress().WithMessage(_ => Messages.Checkout_ValidEmail)
                .OverridePropertyName("customer.email").WithName(_ => Messages.Field_Email);
            RuleFor(x => x.Customer!.Name).NotEmpty().WithMessage(_ => Messages.Checkout_EnterName)
                .MaximumLength(200).OverridePropertyName("customer.name").WithName(_ => Messages.Field_PersonName);
            RuleFor(x => x.Customer!.Phone).MaximumLength(40).Matches(@"^\+?[0-9 ().-]{6,40}$")
                .When(x => !string.IsNullOrEmpty(x.Customer!.Phone))
                .OverridePropertyName("customer.phone").WithName(_ => Messages.Field_Phone).WithMessage(_ => Messages.Checkout_Phone);
        });
        RuleFor(x => x.CollectorName).Must(CollectorNames.IsValid)
            .WithMessage(_ => Texts.Format(Messages.Collector_NameInvalid, CollectorNames.MaxLength)).OverridePropertyName("collectorName");
        RuleFor(x => x.Lines).NotEmpty().WithMessage(_ => Messages.Checkout_NeedsLine)
            .Must(l => l is null || l.Count <= o.MaxLines).WithMessage(_ => Texts.Format(Messages.Checkout_MaxLines, o.MaxLines))
            .Must(l => l is null || l.All(x => x is not null)).WithMessage(_ => Messages.Checkout_NullLine)
            .Must(l => l is null || l.Any(x => x is null) || l.Select(x => x.ProductId).Distinct().Count() == l.Count).WithMessage(_ => Messages.Checkout_DistinctProducts)
            .OverridePropertyName("lines");
        RuleFor(x => x.LoyaltyPoints).GreaterThan(0).WithName(_ => Messages.Field_LoyaltyPoints)
            .Must((x, points) => points is null || x.UserId is not null).WithMessage(_ => Messages.Loyalty_SignInToSpend)
            .When(x => x.LoyaltyPoints is not null).OverridePropertyName("loyaltyPoints");
        RuleFor(x => x.PromoCode).MaximumLength(MaxPromoCodeLength).WithName(_ => Messages.Field_OrderPromoCode).OverridePropertyName("promoCode");
        RuleForEach(x => x.Lines).Where(l => l is not null).ChildRules(line =>
        {
            line.RuleFor(l => l.ProductId).NotEmpty().WithName(_ => Messages.Field_ProductId);
            line.RuleFor(l => l.Quantity).InclusiveBetween(1, o.MaxQuantityPerLine).WithName(_ => Messages.Field_Quantity);
        }).OverridePropertyName("lines");
    }
}

public sealed class PlaceOrderHandler(
    IAppDbContext db, IPaymentGateway payments, TimeProvider clock, IOptions<CheckoutOptions> options, StoreScheduleCache schedules,
    ILogger<PlaceOrderHandler> logger, Diagnostics.O2OMetrics metrics)
    : ICommandHandler<PlaceOrder, Result<PlacedOrder>>
{
    public async ValueTask<Result<PlacedOrder>> Handle(PlaceOrder command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var keyHash = command.IdempotencyKey is { } key ? OrderTokens.Hash(key) : null;
        if (keyHash is not null && await AlreadyPlacedAsync(keyHash, ct) is { } placed) return placed;

        var store = await schedules.GetAsync(db, command.StoreId, ct);
        if (store is null) return Error.Invalid("storeId", Messages.Checkout_NoStore);
        // Not store.PickupPaused: the schedule may be seconds old, so the slot statement reads the pause from the store row.

        PickupSlot slot;
        CollectNowOffer? collectNow = null;
        if (command.CollectNow)
        {
            var (offer, refusal) = CollectNowSchedule.At(store, now);
            if (offer is null) return CollectNowRefused(refusal!.Value);
            collectNow = offer;
            slot = offer.Value.Pickup;
        }
        else if (PickupSchedule.Find(store, command.PickupSlotStart!.Value, now) is { } found) slot = found;
        else return Error.Invalid("pickupSlotStart", Messages.Checkout_SlotNotOffered);

        var requested = command.Lines!.OrderBy(l => l.ProductId).ToArray();
        var ids = requested.Select(l => l.ProductId).ToArray();
        var accessToken = OrderTokens.NewAccessToken();
        Order order;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var locked = await PlaceOrderSql.LockAsync(tx, store.Id, ids, ct);
            var lines = locked.Lines.ToDictionary(l => l.ProductId);
            if (lines.Count < ids.Length)
            {
                var missing = await NotStockedHereAsync(ids.Where(id => !lines.ContainsKey(id)).ToArray(), ct);
                if (missing.Unknown.Count > 0) return Error.Invalid("lines", Texts.Format(Messages.Checkout_UnknownProduct, string.Join(", ", missing.Unknown)));
                foreach (var line in missing.NotStocked) lines[line.ProductId] = line;
            }
            if (lines.Values.Select(l => l.Currency).Distinct().Count() > 1)
                return Error.Invalid("lines", Messages.Checkout_Currencies);

            var shortLines = requested
                .Select(l => new ShortLine(l.ProductId, lines[l.ProductId].Sku, lines[l.ProductId].Name, l.Quantity, Math.Max(0, lines[l.ProductId].Available)))
                .Where(l => l.Available < l.Requested)
                .ToList();
            if (shortLines.Count > 0) return OutOfStock(shortLines);

            order = new Order(Guid.CreateVersion7(), locked.OrderNumber.ToString(CultureInfo.InvariantCulture), store.Id,
                new Customer(command.Customer!.Email!.Trim(), command.Customer.Name!.Trim(), NullIfBlank(command.Customer.Phone)),
                command.UserId, slot,
                requested.Select(l => (l.ProductId, lines[l.ProductId].Sku, lines[l.ProductId].Name, new Money(lines[l.ProductId].PriceAmount, lines[l.ProductId].Currency), l.Quantity)),
                store.Pickup.CaptureMode, OrderTokens.Hash(accessToken), now, now.AddMinutes(options.Value.HoldMinutes));

            // The store hands the goods over, so its country's VAT applies, at the rate in force on its calendar today.
            var vatDay = store.LocalToday(now);
            if (lines.Values.FirstOrDefault(l => VatRates.For(store.Address.CountryCode, l.TaxCategory, vatDay) is null) is { } untaxed)
                return new Error(ErrorKind.Conflict, "vat_rate_unknown", Texts.Format(Messages.Checkout_VatRateUnknown, untaxed.Name));
            order.ChargeVat(l => (lines[l.ProductId].TaxCategory, VatRates.For(store.Address.CountryCode, lines[l.ProductId].TaxCategory, vatDay)!.Value));
            order.UsePaymentProvider(payments.Provider);
            order.CollectBy(command.CollectorName);
            // The request's language (page or API alike: query, cookie, account, Accept-Language), kept for every email to come.
            order.WriteToShopperIn(Cultures.Match(CultureInfo.CurrentUICulture.Name) ?? Cultures.Default);
            if (keyHash is not null) order.PlaceUnderIdempotencyKey(keyHash);
            if (collectNow is { } c) order.CollectNowIn(c.WindowStart);
            order.Categorize(l => lines[l.ProductId].Category);
            // The code before the points: the points' largest share is of what the promotion leaves (ADR 52).
            PromoUse? promoUse = null;
            if (!string.IsNullOrWhiteSpace(command.PromoCode))
            {
                var quote = await PromoQuotes.QuoteAsync(db, command.PromoCode, store, now, order.Currency, order.GoodsAmount, order.PromoLines(),
                    command.UserId, order.CustomerEmail, ct);
                if (quote.Error is { } notApplicable) return notApplicable;
                var (promotion, code, discount, _) = quote.Value!;
                order.ApplyPromotion(promotion.Id, code.Id, code.Code, discount);
                promoUse = quote.Value!.Use(Guid.CreateVersion7(), RedemptionChannel.Online, store.Id, order.Id, null, order.GoodsAmount, order.Currency,
                    now, "shopper");
            }
            if (command.LoyaltyPoints is { } points && await Loyalty.LoyaltyCheckout.PayWithPointsAsync(db, order, points, ct) is { } refused)
                return refused;
            var booked = await PlaceOrderSql.BookAsync(tx, order, promoUse, ct);
            if (!booked.SlotTaken && collectNow is { } full)
                return await db.Stores.AnyAsync(s => s.Id == store.Id && s.PickupPaused, ct) ? PickupPaused()
                    : await db.Stores.AnyAsync(s => s.Id == store.Id && !s.CollectNow.Enabled, ct) ? CollectNowRefused(CollectNowRefusal.NotOffered)
                    : CollectNowFull(full, store.TimeZone);
            if (!booked.SlotTaken)
                return await db.Stores.AnyAsync(s => s.Id == store.Id && s.PickupPaused, ct)
                    ? PickupPaused()
                    : new Error(ErrorKind.Conflict, "slot_full", Messages.Checkout_SlotFull);
            if (booked.Promo != PromoUseOutcome.Taken)
                return PromoQuotes.Refused(booked.Promo);
            if (!booked.PointsTaken)
                return new Error(ErrorKind.Conflict, "loyalty_insufficient", Messages.Loyalty_Insufficient);
            if (booked.LinesHeld != ids.Length)
                throw new InvalidOperationException("Locked stock rows changed under the lock."); // cannot happen: rows are locked
            await tx.CommitAsync(ct);
        }

        // One commit per order (ADR 14): the payment is started after it, so no row lock waits on the provider, and nothing
        // is written back: the provider's idempotency key is the order id, so starting again (the pay page, a retry) finds
        // the same payment, and its reference is recorded with the confirmation. If the provider fails, the hold is
        // given back at once.
        PaymentSession session;
        try
        {
            session = await payments.StartAsync(new PaymentStart(order.Id, order.Number, order.TotalAmount, order.Currency, order.CaptureMode, order.CustomerEmail), ct);
        }
        catch (PaymentGatewayException ex)
        {
            logger.LogError(ex, "Payment could not start for order {OrderNumber}; releasing its hold", order.Number);
            await ReleaseUnpayableAsync(order.Id, ct);
            return new Error(ErrorKind.Unavailable, "payment_unavailable", Messages.Payment_UnavailableNothingReserved);
        }
        logger.LogInformation("Order {OrderNumber} placed at store {StoreCode} for {Total}", order.Number, store.Code, order.Total);
        metrics.OrderPlaced(store.Code);
        return new PlacedOrder(order.Id, order.Number, order.Status.ToString(), MoneyDto.From(order.Total), order.HoldExpiresAt,
            new SlotDto(slot.Start, slot.End), accessToken, new PaymentDto(payments.Provider, session.ClientSecret, payments.IsTestMode))
        { ReadyAt = collectNow?.Ready };
    }

    /// <summary>
    /// A retry of a request whose first answer never arrived (the instance died after the commit): the order it placed
    /// gets a new access token, since the first one reached nobody, and its payment is started again (same intent).
    /// </summary>
    private async Task<Result<PlacedOrder>?> AlreadyPlacedAsync(string keyHash, CancellationToken ct)
    {
        var order = await db.Orders.FirstOrDefaultAsync(o => o.IdempotencyKeyHash == keyHash, ct);
        if (order is null) return null;
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);
        var accessToken = OrderTokens.NewAccessToken();
        order.ReplaceAccessToken(OrderTokens.Hash(accessToken));
        await db.SaveChangesAsync(ct);
        string? clientSecret = null;
        if (order.Status == OrderStatus.PendingPayment)
        {
            try
            {
                clientSecret = (await payments.StartAsync(new PaymentStart(order.Id, order.Number, order.TotalAmount, order.Currency, order.CaptureMode, order.CustomerEmail), ct)).ClientSecret;
            }
            catch (PaymentGatewayException)
            {
                return new Error(ErrorKind.Unavailable, "payment_unavailable", Messages.Payment_UnavailableOrderKept);
            }
        }
        logger.LogWarning("Order {OrderNumber} found again for a retried Idempotency-Key; its first answer was lost", order.Number);
        var zone = store.TimeZone;
        return new PlacedOrder(order.Id, order.Number, order.Status.ToString(), MoneyDto.From(order.Total), order.HoldExpiresAt,
            new SlotDto(TimeZoneInfo.ConvertTime(order.SlotStart, zone), TimeZoneInfo.ConvertTime(order.SlotEnd, zone)), accessToken,
            new PaymentDto(payments.Provider, clientSecret, payments.IsTestMode))
        { ReadyAt = order.IsCollectNow ? TimeZoneInfo.ConvertTime(order.SlotStart, zone) : null };
    }

    /// <summary>
    /// The rare path, when some lines have no locked stock row: an active product the store doesn't stock has
    /// nothing available (a 409 with the rest); a product that doesn't exist or is archived is a bad request.
    /// </summary>
    private async Task<(List<Guid> Unknown, List<PlaceOrderSql.LockedLine> NotStocked)> NotStockedHereAsync(Guid[] missing, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().Where(p => missing.Contains(p.Id) && p.IsActive).ToDictionaryAsync(p => p.Id, ct);
        return (missing.Where(id => !products.ContainsKey(id)).ToList(),
            products.Values.Select(p => new PlaceOrderSql.LockedLine(p.Id, p.Sku, p.Name, p.PriceAmount, p.PriceCurrency, 0, p.TaxCategory, p.Category)).ToList());
    }

    private static Error CollectNowRefused(CollectNowRefusal refusal) => refusal == CollectNowRefusal.NotOffered
        ? new Error(ErrorKind.Unprocessable, "collect_now_not_offered", Messages.CollectNow_NotOffered)
        : new Error(ErrorKind.Conflict, "collect_now_closed", Messages.CollectNow_Closed);

    /// <summary>The quarter hour is full; the next one, when the store is still open then, is named so the shopper can try again.</summary>
    private static Error CollectNowFull(CollectNowOffer offer, TimeZoneInfo zone) => offer.NextWindowStart is { } next
        ? new Error(ErrorKind.Conflict, "collect_now_full",
            Texts.Format(Messages.CollectNow_FullTryAt, Formats.TimeAndZone(Formats.InZone(next, zone))),
            new Dictionary<string, object?> { ["nextWindowStart"] = Formats.InZone(next, zone) })
        : new Error(ErrorKind.Conflict, "collect_now_full", Messages.CollectNow_Full);

    private static Error PickupPaused() =>
        new(ErrorKind.Conflict, "pickup_paused", Messages.Checkout_PickupPaused);

    private static Error OutOfStock(List<ShortLine> lines) => new(ErrorKind.Conflict, "out_of_stock",
        Messages.Checkout_OutOfStock,
        new Dictionary<string, object?> { ["lines"] = lines });

    private async Task ReleaseUnpayableAsync(Guid orderId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await HoldSql.LockOrderAsync(db, orderId, CancellationToken.None);
        var order = await db.Orders.Include(o => o.Lines).Include(o => o.History).FirstAsync(o => o.Id == orderId, CancellationToken.None);
        order.Expire(clock.GetUtcNow());
        await HoldSql.ReleaseOrderAsync(db, order, CancellationToken.None, promoReason: "payment_failed");
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public sealed record ShortLine(Guid ProductId, string Sku, string Name, int Requested, int Available);
}
