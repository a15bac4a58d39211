using System.ComponentModel;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Domain.Orders;
using O2O.Domain.Stores;

namespace O2O.Application.Orders;

public sealed record OrderView(Guid Id, string Number, string Status, Guid StoreId, string StoreName, MoneyDto Total,
    DateTimeOffset HoldExpiresAt, SlotDto PickupSlot, string? PickupCode, OrderCustomerView Customer,
    IReadOnlyList<OrderLineView> Lines, IReadOnlyList<OrderStepView> History, OrderPaymentView Payment, bool CanCancel,
    string StoreTimeZone, OrderArrivalView Arrival,
    [property: Description("The VAT included in what the order hands over, one entry per rate, highest first; the gross amounts add up to the total.")] IReadOnlyList<VatRateView> Vat)
{
    public static OrderView From(Order o, Store store, bool testMode)
    {
        var zone = store.TimeZone;
        DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone);
        return new OrderView(o.Id, o.Number, o.Status.ToString(), o.StoreId, store.Name, MoneyDto.From(o.Total), o.HoldExpiresAt,
            new SlotDto(Local(o.SlotStart), Local(o.SlotEnd)),
            o.Status is OrderStatus.Paid or OrderStatus.ReadyForPickup ? o.PickupCode : null,
            new OrderCustomerView(o.CustomerEmail, o.CustomerName, o.CustomerPhone),
            o.Lines.Select(l => new OrderLineView(l.Id, l.ProductId, l.Sku, l.Name, l.Quantity, l.ShortQuantity, MoneyDto.From(l.UnitPrice), MoneyDto.From(l.LineTotal),
                l.TaxCategory.ToString(), l.VatRate.Percent)).ToList(),
            o.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new OrderStepView(h.Status.ToString(), h.At, h.Actor, OrderHistoryNotes.Render(h))).ToList(),
            new OrderPaymentView(o.PaymentProvider, testMode, o.Refunded, o.RefundPending, o.RefundReason),
            o.Status.CanMoveTo(OrderStatus.Cancelled),
            store.TimeZoneId,
            ArrivalOf(o, store, Local),
            VatRateView.Of(o.Vat));
    }

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

public sealed record OrderCustomerView(string Email, string Name, string? Phone);

/// <summary><paramref name="TaxCategory"/> and <paramref name="VatRatePercent"/> as charged when the order was placed, at its store.</summary>
public sealed record OrderLineView(Guid Id, Guid ProductId, string Sku, string Name, int Quantity, int ShortQuantity, MoneyDto UnitPrice, MoneyDto LineTotal,
    [property: Description("The product's VAT category when the order was placed: Standard, Intermediate, Reduced, SuperReduced or Zero.")] string TaxCategory,
    [property: Description("The VAT rate charged on the line, in percent (25.5 for 25.5 %): the pickup store's country's rate on the day of the order.")] decimal VatRatePercent);

/// <summary>
/// The VAT of one rate in what the order hands over: <paramref name="RatePercent"/> (25.5 for 25.5 %, exact),
/// <c>Net + Tax == Gross</c> in minor units, and the rates' gross amounts add up to the order total (ADR V-vat).
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
