using System.Globalization;
using System.Text;
using O2O.Application.Localization;
using O2O.Domain.Orders;
using O2O.Domain.Stores;

namespace O2O.Application.Notifications;

/// <summary>Why an order was cancelled, as its email tells the shopper.</summary>
public enum CancelledBecause
{
    ShopperAsked,
    StoreCancelled,
    NotCollected,
    /// <summary>The payment arrived after the hold ended, and the stock or the slot was gone.</summary>
    PaidTooLate,
}

/// <summary>
/// The emails a shopper gets, with the pickup code and the store's details where they matter. Each is written in the
/// language the shopper ordered in (<see cref="Order.Culture"/>), whoever causes it: a clerk's request in another
/// language or a job with no request at all. Times are the store's, with its offset (ADR 30f).
/// </summary>
public static class ShopperEmails
{
    public static OutboxEmail Confirmation(Order o, Store s, DateTimeOffset now)
    {
        using var _ = CultureScope.Use(o.Culture);
        return Email(o, s, now, "confirmation", Text(Emails.Confirmation_Subject, o.Number, s.Name),
            Text(Emails.Confirmation_Opening, o.CustomerName, o.Number, s.Name), withCode: true);
    }

    public static OutboxEmail Ready(Order o, Store s, DateTimeOffset now)
    {
        using var _ = CultureScope.Use(o.Culture);
        return Email(o, s, now, "ready", Text(Emails.Ready_Subject, o.Number),
            Text(Emails.Ready_Opening, o.CustomerName, o.Number, s.Name), withCode: true);
    }

    public static OutboxEmail Reminder(Order o, Store s, DateTimeOffset holdEnds, DateTimeOffset now)
    {
        using var _ = CultureScope.Use(o.Culture);
        var until = DayAndTime(Formats.InZone(holdEnds, s.TimeZone));
        return Email(o, s, now, "reminder", Text(Emails.Reminder_Subject, o.Number, until),
            Text(Emails.Reminder_Opening, o.Number, s.Name, until), withCode: true);
    }

    public static OutboxEmail Cancelled(Order o, Store s, CancelledBecause why, DateTimeOffset now)
    {
        using var _ = CultureScope.Use(o.Culture);
        var opening = why switch
        {
            CancelledBecause.ShopperAsked => Text(Emails.Cancelled_ByShopper, o.Number, s.Name),
            CancelledBecause.StoreCancelled => Text(Emails.Cancelled_ByStore, o.Number, s.Name),
            CancelledBecause.NotCollected => Text(Emails.Cancelled_NoShow, o.Number, s.Name),
            // The hold the shopper had, as it was when they ordered, not as the setting reads today.
            _ => Plural.Format(Emails.ResourceManager, nameof(Emails.Cancelled_PaidTooLate_other),
                (long)Math.Round((o.HoldExpiresAt - o.CreatedAt).TotalMinutes), o.Number, s.Name),
        };
        if (o.MoneyBackRequested) opening += " " + Emails.Cancelled_MoneyBack;
        return Email(o, s, now, "cancellation", Text(Emails.Cancelled_Subject, o.Number), opening, withCode: false);
    }

    public static OutboxEmail ShortPick(Order o, Store s, OrderLine line, int units, long refunded, DateTimeOffset now)
    {
        using var _ = CultureScope.Use(o.Culture);
        var count = units.ToString(CultureInfo.CurrentCulture);
        // The reason is the clerk's own words, in the language they typed it in.
        var opening = Text(Emails.ShortPick_Opening, s.Name, count, line.Name, line.ShortReason, Formats.Money(o.TotalAmount, o.Currency))
            + " " + (refunded > 0 ? Text(Emails.ShortPick_Refunded, Formats.Money(refunded, o.Currency)) : Emails.ShortPick_ChargedOnCollect);
        return Email(o, s, now, "short-pick", Text(Emails.ShortPick_Subject, o.Number, count, line.Name), opening, withCode: true);
    }

    private static OutboxEmail Email(Order o, Store s, DateTimeOffset now, string kind, string subject, string opening, bool withCode)
    {
        var body = new StringBuilder()
            .AppendLine(opening).AppendLine();
        if (withCode && o.PickupCode is not null) body.AppendLine(Text(Emails.Email_PickupCode, o.PickupCode));
        body.AppendLine(Text(Emails.Email_PickupSlot, Formats.Slot(Formats.InZone(o.SlotStart, s.TimeZone), Formats.InZone(o.SlotEnd, s.TimeZone))))
            .AppendLine(Text(Emails.Email_Store, s.Name, $"{s.Address.Street}, {s.Address.PostalCode} {s.Address.City}"))
            .AppendLine().AppendLine(Emails.Email_Items);
        foreach (var l in o.Lines.Where(l => l.HeldQuantity > 0))
            body.AppendLine(CultureInfo.CurrentCulture, $"  {l.HeldQuantity} × {l.Name}");
        if (o.LoyaltyPoints > 0)
            body.AppendLine(Text(Emails.Email_PaidWithPoints, Formats.Number(o.LoyaltyPoints), Formats.Money(o.LoyaltyDiscountAmount, o.Currency)));
        body.AppendLine(Text(Emails.Email_Total, Formats.Money(o.TotalAmount, o.Currency)))
            .AppendLine().AppendLine(Emails.Email_Signature);
        return new OutboxEmail(o.CustomerEmail, subject, body.ToString(), kind, o.Id, now);
    }

    /// <summary>"Friday, June 12, 6:00 PM (UTC+2)" / "Freitag, 12. Juni um 18:00 (UTC+2)".</summary>
    private static string DayAndTime(DateTimeOffset local) =>
        Text(Emails.Email_DayAndTime, Formats.Day(local), $"{Formats.Time(local)} {Formats.Zone(local)}");

    private static string Text(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
}
