using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Domain.Orders;
using O2O.Domain.Stores;

namespace O2O.Application.Orders;

public sealed record OrderView(Guid Id, string Number, string Status, Guid StoreId, string StoreName, MoneyDto Total,
    DateTimeOffset HoldExpiresAt, SlotDto PickupSlot, string? PickupCode, OrderCustomerView Customer,
    IReadOnlyList<OrderLineView> Lines, IReadOnlyList<OrderStepView> History, OrderPaymentView Payment, bool CanCancel,
    string StoreTimeZone, OrderArrivalView Arrival)
{
    public static OrderView From(Order o, Store store, bool testMode)
    {
        var zone = store.TimeZone;
        DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone);
        return new OrderView(o.Id, o.Number, o.Status.ToString(), o.StoreId, store.Name, MoneyDto.From(o.Total), o.HoldExpiresAt,
            new SlotDto(Local(o.SlotStart), Local(o.SlotEnd)),
            o.Status is OrderStatus.Paid or OrderStatus.ReadyForPickup ? o.PickupCode : null,
            new OrderCustomerView(o.CustomerEmail, o.CustomerName, o.CustomerPhone),
            o.Lines.Select(l => new OrderLineView(l.Id, l.ProductId, l.Sku, l.Name, l.Quantity, l.ShortQuantity, MoneyDto.From(l.UnitPrice), MoneyDto.From(l.LineTotal))).ToList(),
            o.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new OrderStepView(h.Status.ToString(), h.At, h.Actor, OrderHistoryNotes.Render(h))).ToList(),
            new OrderPaymentView(o.PaymentProvider, testMode, o.Refunded, o.RefundPending, o.RefundReason),
            o.Status.CanMoveTo(OrderStatus.Cancelled),
            store.TimeZoneId,
            ArrivalOf(o, store, Local))
        {
            Loyalty = o.LoyaltyPoints > 0 ? new OrderLoyaltyView(o.LoyaltyPoints, new MoneyDto(o.LoyaltyDiscountAmount, o.Currency)) : null,
        };
    }

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

public sealed record OrderLoyaltyView(long Points, MoneyDto Discount);

public sealed record OrderCustomerView(string Email, string Name, string? Phone);

public sealed record OrderLineView(Guid Id, Guid ProductId, string Sku, string Name, int Quantity, int ShortQuantity, MoneyDto UnitPrice, MoneyDto LineTotal);

public sealed record OrderStepView(string Status, DateTimeOffset At, string Actor, string? Note);

/// <summary><paramref name="Refunded"/>: all the money is back, confirmed by the provider; <paramref name="RefundPending"/>: some is on its way.</summary>
public sealed record OrderPaymentView(string Provider, bool TestMode, bool Refunded, bool RefundPending, string? RefundReason);
