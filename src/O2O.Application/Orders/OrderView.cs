using System.ComponentModel;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Domain.Orders;
using O2O.Domain.Stores;

namespace O2O.Application.Orders;

public sealed record OrderView(Guid Id, string Number, string Status, Guid StoreId, string StoreName, MoneyDto Total,
    DateTimeOffset HoldExpiresAt, SlotDto PickupSlot, string? PickupCode, OrderCustomerView Customer,
    IReadOnlyList<OrderLineView> Lines, IReadOnlyList<OrderStepView> History, OrderPaymentView Payment, bool CanCancel,
    string StoreTimeZone, OrderArrivalView Arrival, OrderHandoverView Handover,
    [property: Description("The VAT included in what the order hands over, one entry per rate, highest first; the gross amounts add up to the total.")] IReadOnlyList<VatRateView> Vat)
{
    /// <summary>Items taken back at a counter, oldest first, each with its refund's state.</summary>
    public IReadOnlyList<ReturnView> Returns { get; init; } = [];

    /// <summary>Until when (store time) collected items can be brought back; null before collection.</summary>
    public DateTimeOffset? ReturnableUntil { get; init; }

    /// <summary>A collect-now order (ADR 43): when it is ready at the desk, in the store's zone; null for a slot order.</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    public bool CollectNow => ReadyAt is not null;

    public static OrderView From(Order o, Store store, bool testMode)
    {
        var zone = store.TimeZone;
        DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone);
        return new OrderView(o.Id, o.Number, o.Status.ToString(), o.StoreId, store.Name, MoneyDto.From(o.Total), o.HoldExpiresAt,
            new SlotDto(Local(o.SlotStart), Local(o.SlotEnd)),
            o.Status is OrderStatus.Paid or OrderStatus.ReadyForPickup ? o.PickupCode : null,
            new OrderCustomerView(o.CustomerEmail, o.CustomerName, o.CustomerPhone),
            o.Lines.Select(l => new OrderLineView(l.Id, l.ProductId, l.Sku, l.Name, l.Quantity, l.ShortQuantity, MoneyDto.From(l.UnitPrice), MoneyDto.From(l.LineTotal),
                l.TaxCategory.ToString(), l.VatRate.Percent, l.AgeRestricted)
            {
                ReturnedQuantity = l.ReturnedQuantity,
                Discount = o.PromotionId is null ? null : new MoneyDto(l.PromoDiscountAmount, o.Currency),
                ReturnableQuantity = o.Status == OrderStatus.Collected ? l.ReturnableQuantity : 0,
            }).ToList(),
            o.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new OrderStepView(h.Status.ToString(), h.At, h.Actor, OrderHistoryNotes.Render(h))).ToList(),
            new OrderPaymentView(o.PaymentProvider, testMode, o.Refunded, o.RefundPending, o.RefundReason),
            o.Status.CanMoveTo(OrderStatus.Cancelled),
            store.TimeZoneId,
            ArrivalOf(o, store, Local),
            new OrderHandoverView(o.CollectorName, o.NeedsIdCheck, o.IdCheckedAt is { } checkedAt ? Local(checkedAt) : null, o.IdCheckedBy,
                o.Status is OrderStatus.PendingPayment or OrderStatus.Paid or OrderStatus.ReadyForPickup),
            VatRateView.Of(o.Vat))
        {
            Returns = o.Returns.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => ReturnView.From(o, r, Local)).ToList(),
            ReturnableUntil = o.Status == OrderStatus.Collected && o.ReturnWindowCloses(store.ReturnWindowDays) is { } closes ? Local(closes) : null,
            ReadyAt = o.IsCollectNow ? Local(o.SlotStart) : null,
            Loyalty = o.LoyaltyPoints > 0 ? new OrderLoyaltyView(o.LoyaltyPoints, new MoneyDto(o.LoyaltyDiscountAmount, o.Currency)) : null,
            Promotion = o.PromoCode is { } code ? new OrderPromotionView(code, new MoneyDto(o.PromoDiscountAmount, o.Currency)) : null,
        };
    }

    /// <summary>The code that took part of the goods off (ADR 52), before any points; null when the order carries none.</summary>
    public OrderPromotionView? Promotion { get; init; }

    /// <summary>Points that paid part of the order and what they took off; <see cref="Total"/> is what is left to pay.</summary>
    public OrderLoyaltyView? Loyalty { get; init; }

    private static OrderArrivalView ArrivalOf(Order o, Store store, Func<DateTimeOffset, DateTimeOffset> local)
    {
        var (opens, closes) = o.ArrivalWindow(store.Pickup.HoldDays);
        return new OrderArrivalView(o.Status is OrderStatus.Paid or OrderStatus.ReadyForPickup, local(opens), local(closes),
            o.ArrivedAt is { } at ? local(at) : null, o.ArrivalNote);
    }

    /// <summary>
    /// The pickup code is the shopper's proof at the desk, so staff never see it: the desk asks the shopper for it
    /// (ADR 28).
    /// </summary>
    public OrderView ForStaff() => this with { PickupCode = null };

    /// <summary>
    /// An instant of this order (a step of its history, its hold) as the store's clock shows it: the history keeps UTC
    /// instants, and a page shows every time in the store's zone with its offset (ADR 30).
    /// </summary>
    public DateTimeOffset InStoreTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(StoreTimeZone));
}

/// <summary>
/// "I'm here": <paramref name="Possible"/> while the order waits for pickup; it can be said between
/// <paramref name="OpensAt"/> and <paramref name="ClosesAt"/> (store time), and was at <paramref name="ArrivedAt"/>.
/// </summary>
public sealed record OrderArrivalView(bool Possible, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, DateTimeOffset? ArrivedAt, string? Note)
{
    public bool IsOpen(DateTimeOffset now) => Possible && now >= OpensAt && now < ClosesAt;
}

/// <summary>
/// Who collects and what the desk must check: <paramref name="CollectorName"/> is the stand-in the shopper named (null:
/// the shopper comes); <paramref name="IdCheckRequired"/> when a line is age-restricted, confirmed at
/// <paramref name="IdCheckedAt"/> (store time) by <paramref name="IdCheckedBy"/>. <paramref name="CanChangeCollector"/>
/// while the order can still be handed over.
/// </summary>
public sealed record OrderHandoverView(string? CollectorName, bool IdCheckRequired, DateTimeOffset? IdCheckedAt, string? IdCheckedBy, bool CanChangeCollector);

public sealed record OrderLoyaltyView(long Points, MoneyDto Discount);

/// <summary>The code as printed and what it took off the goods held; the lines' <c>discount</c> add up to it.</summary>
public sealed record OrderPromotionView(string Code, MoneyDto Discount);

public sealed record OrderCustomerView(string Email, string Name, string? Phone);

/// <summary><paramref name="TaxCategory"/> and <paramref name="VatRatePercent"/> as charged when the order was placed, at its store.</summary>
public sealed record OrderLineView(Guid Id, Guid ProductId, string Sku, string Name, int Quantity, int ShortQuantity, MoneyDto UnitPrice, MoneyDto LineTotal,
    [property: Description("The product's VAT category when the order was placed: Standard, Intermediate, Reduced, SuperReduced or Zero.")] string TaxCategory,
    [property: Description("The VAT rate charged on the line, in percent (25.5 for 25.5 %): the pickup store's country's rate on the day of the order.")] decimal VatRatePercent,
    [property: Description("The collector's ID is checked at hand-over for this line (age-restricted product).")] bool AgeRestricted = false)
{
    /// <summary>Units brought back after collection.</summary>
    public int ReturnedQuantity { get; init; }

    /// <summary>Units that can still be brought back (collected and not returned); 0 before collection.</summary>
    public int ReturnableQuantity { get; init; }

    /// <summary>This line's share of the promotion's discount; null when the order carries no code.</summary>
    [Description("This line's share of the promotion code's discount, on the units it holds; the lines' shares add up to promotion.discount. Null without a code.")]
    public MoneyDto? Discount { get; init; }
}

/// <summary>
/// The VAT of one rate in what the order hands over: <paramref name="RatePercent"/> (25.5 for 25.5 %, exact),
/// <c>Net + Tax == Gross</c> in minor units, and the rates' gross amounts add up to the order total (ADR 46).
/// </summary>
public sealed record VatRateView(
    [property: Description("The rate in percent, exact: 20, 5.5, 25.5.")] decimal RatePercent,
    [property: Description("The amount without VAT at this rate; net + tax = gross exactly, in minor units.")] MoneyDto Net,
    [property: Description("The VAT at this rate: round(gross × rate / (1 + rate)) to the minor unit, half away from zero.")] MoneyDto Tax,
    [property: Description("What the lines at this rate cost, VAT included.")] MoneyDto Gross)
{
    public static IReadOnlyList<VatRateView> Of(IEnumerable<Domain.Tax.VatLine> breakdown) =>
        breakdown.Select(v => new VatRateView(v.Rate.Percent, MoneyDto.From(v.Net), MoneyDto.From(v.Tax), MoneyDto.From(v.Gross))).ToList();
}

public sealed record OrderStepView(string Status, DateTimeOffset At, string Actor, string? Note);

/// <summary><paramref name="Refunded"/>: all the money is back, confirmed by the provider; <paramref name="RefundPending"/>: some is on its way.</summary>
public sealed record OrderPaymentView(string Provider, bool TestMode, bool Refunded, bool RefundPending, string? RefundReason);
