using System.Text;
using O2O.Domain.Orders;
using O2O.Domain.Stores;

namespace O2O.Application.Notifications;

/// <summary>The emails a shopper gets, with the pickup code and the store's details where they matter.</summary>
public static class ShopperEmails
{
    public static OutboxEmail Confirmation(Order o, Store s, DateTimeOffset now) => Email(o, s, now, "confirmation",
        $"Order {o.Number} confirmed: collect at {s.Name}",
        $"Thank you, {o.CustomerName}. Your order {o.Number} is paid and {s.Name} is preparing it.", withCode: true);

    public static OutboxEmail Ready(Order o, Store s, DateTimeOffset now) => Email(o, s, now, "ready",
        $"Order {o.Number} is ready for pickup",
        $"Good news, {o.CustomerName}: your order {o.Number} is ready at {s.Name}.", withCode: true);

    public static OutboxEmail Reminder(Order o, Store s, DateTimeOffset holdEnds, DateTimeOffset now) => Email(o, s, now, "reminder",
        $"Reminder: collect order {o.Number} by {Local(holdEnds, s):dddd d MMMM HH:mm}",
        $"Your order {o.Number} is waiting at {s.Name}. We keep it until {Local(holdEnds, s):dddd d MMMM HH:mm}; after that it is cancelled and refunded.",
        withCode: true);

    public static OutboxEmail Cancelled(Order o, Store s, string why, DateTimeOffset now) => Email(o, s, now, "cancellation",
        $"Order {o.Number} cancelled",
        $"Your order {o.Number} at {s.Name} is cancelled: {why}" + (o.MoneyBackRequested ? " Your payment is being returned in full; your bank may take a few days to show it." : ""), withCode: false);

    public static OutboxEmail ShortPick(Order o, Store s, OrderLine line, int units, long refunded, DateTimeOffset now) => Email(o, s, now, "short-pick",
        $"Order {o.Number}: {units} × {line.Name} unavailable",
        $"Sorry, {s.Name} could not pick {units} × {line.Name} ({line.ShortReason}). Your new total is {Money(o.TotalAmount, o.Currency)}" +
        (refunded > 0 ? $"; {Money(refunded, o.Currency)} has been refunded." : "; you will only be charged for what you collect."), withCode: true);

    private static OutboxEmail Email(Order o, Store s, DateTimeOffset now, string kind, string subject, string opening, bool withCode)
    {
        var body = new StringBuilder()
            .AppendLine(opening).AppendLine();
        if (withCode && o.PickupCode is not null) body.AppendLine($"Pickup code: {o.PickupCode}");
        body.AppendLine($"Pickup slot: {Local(o.SlotStart, s):dddd d MMMM yyyy, HH:mm}–{Local(o.SlotEnd, s):HH:mm}")
            .AppendLine($"Store: {s.Name}, {s.Address.Street}, {s.Address.PostalCode} {s.Address.City}")
            .AppendLine().AppendLine("Items:");
        foreach (var l in o.Lines.Where(l => l.HeldQuantity > 0)) body.AppendLine($"  {l.HeldQuantity} × {l.Name}");
        body.AppendLine($"Total: {Money(o.TotalAmount, o.Currency)}").AppendLine().AppendLine("O2O click & collect");
        return new OutboxEmail(o.CustomerEmail, subject, body.ToString(), kind, o.Id, now);
    }

    private static DateTimeOffset Local(DateTimeOffset t, Store s) => TimeZoneInfo.ConvertTime(t, s.TimeZone);

    private static string Money(long amount, string currency) => $"{amount / 100m:0.00} {currency}";
}
