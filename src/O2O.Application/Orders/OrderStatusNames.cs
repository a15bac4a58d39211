using O2O.Domain.Orders;
using O2O.Application.Localization;

namespace O2O.Application.Orders;

/// <summary>
/// What shoppers and staff read for each order status, in the reader's language (Messages.resx); the API keeps the enum
/// names, which are its contract.
/// </summary>
public static class OrderStatusNames
{
    public static string For(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => Messages.Status_PendingPayment,
        OrderStatus.Paid => Messages.Status_Paid,
        OrderStatus.ReadyForPickup => Messages.Status_ReadyForPickup,
        OrderStatus.Collected => Messages.Status_Collected,
        OrderStatus.Expired => Messages.Status_Expired,
        OrderStatus.Cancelled => Messages.Status_Cancelled,
        OrderStatus.NoShow => Messages.Status_NoShow,
        _ => status.ToString(),
    };

    /// <summary>The name of a status as the read models carry it (the enum's name).</summary>
    public static string For(string status) => Enum.TryParse<OrderStatus>(status, ignoreCase: false, out var s) ? For(s) : status;

    /// <summary>The sentence under an order's number on the shopper's order page.</summary>
    public static string Sentence(string status) => status switch
    {
        nameof(OrderStatus.Paid) => Messages.StatusSentence_Paid,
        nameof(OrderStatus.Expired) => Messages.StatusSentence_Expired,
        _ => For(status),
    };

    /// <summary>
    /// The heading of step <paramref name="index"/> of an order's timeline, or null when the step only adds to the one
    /// before (a refund after a cancellation is noted under "Cancelled", not shown as a second "Cancelled").
    /// </summary>
    public static string? TimelineHeading(IReadOnlyList<OrderStepView> history, int index) =>
        index > 0 && history[index - 1].Status == history[index].Status ? null : For(history[index].Status);
}
