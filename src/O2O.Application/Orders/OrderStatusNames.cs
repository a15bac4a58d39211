using O2O.Domain.Orders;

namespace O2O.Application.Orders;

/// <summary>
/// What shoppers and staff read for each order status; the API keeps the enum names, which are its contract. Every
/// page takes its wording from here, so the coming translation has one place to change.
/// </summary>
public static class OrderStatusNames
{
    public static string For(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "Waiting for payment",
        OrderStatus.Paid => "Paid",
        OrderStatus.ReadyForPickup => "Ready for pickup",
        OrderStatus.Collected => "Collected",
        OrderStatus.Expired => "Expired",
        OrderStatus.Cancelled => "Cancelled",
        OrderStatus.NoShow => "Not collected",
        _ => status.ToString(),
    };

    /// <summary>The name of a status as the read models carry it (the enum's name).</summary>
    public static string For(string status) => Enum.TryParse<OrderStatus>(status, ignoreCase: false, out var s) ? For(s) : status;

    /// <summary>The sentence under an order's number on the shopper's order page.</summary>
    public static string Sentence(string status) => status switch
    {
        nameof(OrderStatus.Paid) => "Paid: the store is preparing it",
        nameof(OrderStatus.Expired) => "Expired: not paid in time",
        _ => For(status),
    };

    /// <summary>
    /// The heading of step <paramref name="index"/> of an order's timeline, or null when the step only adds to the one
    /// before (a refund after a cancellation is noted under "Cancelled", not shown as a second "Cancelled").
    /// </summary>
    public static string? TimelineHeading(IReadOnlyList<OrderStepView> history, int index) =>
        index > 0 && history[index - 1].Status == history[index].Status ? null : For(history[index].Status);
}
