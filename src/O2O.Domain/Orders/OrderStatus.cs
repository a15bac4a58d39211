namespace O2O.Domain.Orders;

/// <summary>Stored and serialised by name; the names are part of the API contract.</summary>
public enum OrderStatus
{
    PendingPayment,
    Paid,
    ReadyForPickup,
    Collected,
    Expired,
    Cancelled,
    NoShow,
}

public static class OrderStatusRules
{
    /// <summary>Statuses whose order holds stock and a place in its slot.</summary>
    public static readonly OrderStatus[] Live = [OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.ReadyForPickup];

    /// <summary>Statuses whose order keeps its place in its pickup slot: a hand-over does not give the place back.</summary>
    public static readonly OrderStatus[] HoldsSlotPlace = [.. Live, OrderStatus.Collected];

    public static bool IsLive(this OrderStatus status) => Live.Contains(status);

    /// <summary>Status names as stored, for SQL parameters (<c>status = ANY(@names)</c>), so no query copies a status set.</summary>
    public static string[] Names(this IEnumerable<OrderStatus> statuses) => statuses.Select(s => s.ToString()).ToArray();

    public static bool CanMoveTo(this OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.PendingPayment, OrderStatus.Paid) => true,
        (OrderStatus.PendingPayment, OrderStatus.Expired) => true,
        (OrderStatus.Paid, OrderStatus.ReadyForPickup) => true,
        (OrderStatus.Paid, OrderStatus.Cancelled) => true,
        (OrderStatus.ReadyForPickup, OrderStatus.Collected) => true,
        (OrderStatus.ReadyForPickup, OrderStatus.Cancelled) => true,
        (OrderStatus.ReadyForPickup, OrderStatus.NoShow) => true,
        _ => false,
    };
}
