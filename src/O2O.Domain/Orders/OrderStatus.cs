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

    /// <summary>Statuses in which the money goes back to the shopper (refund, or a void of the authorisation).</summary>
    public static readonly OrderStatus[] MoneyReturned = [OrderStatus.Cancelled, OrderStatus.NoShow];

    /// <summary>Statuses of an order that was paid at some point: Paid and every status an order can reach from it.</summary>
    public static readonly OrderStatus[] Placed = ReachableFrom(OrderStatus.Paid);

    /// <summary>Placed orders whose money the store keeps: what revenue counts.</summary>
    public static readonly OrderStatus[] Sold = [.. Placed.Except(MoneyReturned)];

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

    private static OrderStatus[] ReachableFrom(OrderStatus start)
    {
        var reached = new List<OrderStatus> { start };
        for (var i = 0; i < reached.Count; i++)
            reached.AddRange(Enum.GetValues<OrderStatus>().Where(s => reached[i].CanMoveTo(s) && !reached.Contains(s)).ToList());
        return [.. reached.Order()];
    }
}

/// <summary>What "I'm here" did: only an order waiting for pickup, inside its window, records an arrival.</summary>
public enum ArrivalOutcome
{
    Arrived,
    TooEarly,
    TooLate,
    NotWaitingForPickup,
}

/// <summary>What naming a stand-in collector did: only an order not yet handed over (or ended) can change who collects.</summary>
public enum CollectorOutcome
{
    Changed,
    Unchanged,
    NotChangeable,
}
