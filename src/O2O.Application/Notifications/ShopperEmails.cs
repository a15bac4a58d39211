using System.Globalization;
using System.Text;
using O2O.Application.Localization;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Payments;
using O2O.Domain.Stores;
using O2O.Domain.Tax;

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

    /// <summary>Items taken back at a counter (<paramref name="counter"/>, maybe not the pickup store), and what goes back to the card.</summary>
    public static OutboxEmail Returned(Order o, Store counter, OrderReturn r, DateTimeOffset now, long pointsBack = 0)
    {
        using var _ = CultureScope.Use(o.Culture);
        var body = new StringBuilder()
            .AppendLine(Text(Emails.Return_Opening, counter.Name, Formats.Moment(Formats.InZone(r.CreatedAt, counter.TimeZone))))
            .AppendLine();
        foreach (var l in r.Lines)
            body.AppendLine(CultureInfo.CurrentCulture, $"  {l.Quantity} × {l.Name}  {Formats.Money(l.Amount, r.Currency)}");
        body.AppendLine().AppendLine(Text(Emails.Return_Reason, Orders.ReturnView.ReasonText(r.Reason)))
            .AppendLine(r.RefundAmount > 0 ? Text(Emails.Return_Refund, Formats.Money(r.RefundAmount, r.Currency)) : Emails.Return_NothingToRefund);
        if (pointsBack > 0) body.AppendLine(Text(Emails.Return_PointsBack, Formats.Number(pointsBack)));
        // The VAT of what goes back, per rate: each line's refunded amount (its price less its share of the points) at its rate.
        AppendVat(body, VatBreakdown.For(r.Lines.Select(l => (new Money(l.Amount, r.Currency), o.Lines.First(x => x.Id == l.OrderLineId).VatRate))));
        body.AppendLine().AppendLine(Emails.Email_Signature);
        return new OutboxEmail(o.CustomerEmail, Text(Emails.Return_Subject, o.Number), body.ToString(), "return", o.Id, now);
    }


    /// <summary>The kind of the receipt email; the outbox holds at most one per order (a unique index).</summary>
    public const string ReceiptKind = "receipt";

    /// <summary>
    /// The receipt sent when the order is handed over: the seller, the store, when it was collected (store's clock),
    /// what was collected at what price and rate, any discounts (each at the rate of the goods it came off), the VAT per
    /// rate and the amount finally taken. The figures come from <see cref="VatBreakdown"/>, so they add up exactly.
    /// </summary>
    public static OutboxEmail Receipt(Order o, Store s, DateTimeOffset collectedAt, DateTimeOffset now, IReadOnlyList<ReceiptDiscount>? discounts = null)
    {
        using var _ = CultureScope.Use(o.Culture);
        discounts ??= [];
        var collected = o.Lines.Where(l => l.HeldQuantity > 0).ToList();
        var body = new StringBuilder().AppendLine(Text(Emails.Receipt_Opening, o.CustomerName, o.Number)).AppendLine();
        if (s.LegalName is { } legalName) body.AppendLine(Text(Emails.Receipt_Seller, legalName));
        if (s.VatNumber is { } vatNumber) body.AppendLine(Text(Emails.Receipt_VatNumber, vatNumber));
        body.AppendLine(Text(Emails.Email_Store, s.Name, Address(s)))
            .AppendLine(Text(Emails.Receipt_Order, o.Number))
            .AppendLine(Text(Emails.Receipt_CollectedAt, Formats.Moment(Formats.InZone(collectedAt, s.TimeZone))))
            .AppendLine().AppendLine(Emails.Receipt_Items);
        foreach (var l in collected)
            body.AppendLine("  " + Text(Emails.Receipt_Line, l.HeldQuantity.ToString(CultureInfo.CurrentCulture), l.Name,
                Formats.Money(l.UnitPriceAmount, l.Currency), Formats.Money(l.LineTotal.Amount, l.Currency), Formats.VatRate(l.VatRate)));
        foreach (var l in o.Lines.Where(l => l.ShortQuantity > 0))
            body.AppendLine("  " + Text(Emails.Receipt_NotCollected, l.ShortQuantity.ToString(CultureInfo.CurrentCulture), l.Name));
        foreach (var d in discounts)
            body.AppendLine("  " + Text(Emails.Receipt_Discount, d.Label, Formats.Money(d.Amount.Amount, d.Amount.Currency)));
        // The code's and the points' discounts are the seller's: a line each for the shopper, netted off each rate by the
        // lines' shares, as Order.Vat does (ADR 52).
        if (o.PromoCode is { } code && o.PromoDiscountAmount > 0)
            body.AppendLine("  " + Text(Emails.Receipt_Discount, Text(Emails.Receipt_PromoDiscount, code), Formats.Money(o.PromoDiscountAmount, o.Currency)));
        if (o.LoyaltyDiscountAmount > 0)
            body.AppendLine("  " + Text(Emails.Receipt_Discount, Text(Emails.Receipt_PointsDiscount, Formats.Number(o.LoyaltyPoints)),
                Formats.Money(o.LoyaltyDiscountAmount, o.Currency)));
        var pointsByRate = o.PointsDiscountByLine().Select(d => (-d.Discount, o.Currency, d.Line.VatRate));
        var vat = VatBreakdown.ForSigned(collected.Select(l => (l.LineTotal.Amount, l.Currency, l.VatRate))
            .Concat(discounts.Select(d => (-d.Amount.Amount, d.Amount.Currency, d.Rate)))
            .Concat(collected.Where(l => l.PromoDiscountAmount > 0).Select(l => (-l.PromoDiscountAmount, o.Currency, l.VatRate))).Concat(pointsByRate));
        var total = vat.Aggregate(0L, (sum, v) => sum + v.Gross.Amount);
        body.AppendLine().AppendLine(Text(Emails.Receipt_Total, Formats.Money(total, o.Currency)));
        AppendVat(body, vat);
        var refunded = o.PaymentCommands.Where(c => c.Kind == PaymentCommandKind.Refund).Sum(c => c.Money.Amount);
        if (refunded > 0) body.AppendLine(Text(Emails.Receipt_Refunded, Formats.Money(refunded, o.Currency)));
        // Paid at order less the short picks' refunds, or captured now: either way what the order totals after its short picks.
        body.AppendLine(Text(Emails.Receipt_AmountTaken, Formats.Money(o.TotalAmount, o.Currency)))
            .AppendLine().AppendLine(Emails.Receipt_Keep).AppendLine(Emails.Email_Signature);
        return new OutboxEmail(o.CustomerEmail, Text(Emails.Receipt_Subject, o.Number, s.Name), body.ToString(), ReceiptKind, o.Id, now);
    }

    private static void AppendVat(StringBuilder body, IReadOnlyList<VatLine> vat)
    {
        if (vat.Count == 0) return;
        body.AppendLine(Emails.Email_VatHeading);
        foreach (var v in vat)
            body.AppendLine("  " + Text(Emails.Email_VatLine, Formats.VatRate(v.Rate), Formats.Money(v.Net.Amount, v.Net.Currency),
                Formats.Money(v.Tax.Amount, v.Tax.Currency), Formats.Money(v.Gross.Amount, v.Gross.Currency)));
    }

    private static string Address(Store s) => $"{s.Address.Street}, {s.Address.PostalCode} {s.Address.City}";

    private static OutboxEmail Email(Order o, Store s, DateTimeOffset now, string kind, string subject, string opening, bool withCode)
    {
        var body = new StringBuilder()
            .AppendLine(opening).AppendLine();
        if (withCode && o.PickupCode is not null) body.AppendLine(Text(Emails.Email_PickupCode, o.PickupCode));
        body.AppendLine(o.IsCollectNow
                ? Text(Emails.Email_CollectNowReady, Formats.TimeAndZone(Formats.InZone(o.SlotStart, s.TimeZone)))
                : Text(Emails.Email_PickupSlot, Formats.Slot(Formats.InZone(o.SlotStart, s.TimeZone), Formats.InZone(o.SlotEnd, s.TimeZone))))
            .AppendLine(Text(Emails.Email_Store, s.Name, Address(s)));
        // Whoever comes to the desk: the stand-in the shopper named, and the ID they must bring for age-restricted items.
        if (withCode && o.CollectorName is { } collector) body.AppendLine(Text(Emails.Email_Collector, collector));
        if (withCode && o.NeedsIdCheck) body.AppendLine(Emails.Email_IdCheck);
        body.AppendLine().AppendLine(Emails.Email_Items);
        foreach (var l in o.Lines.Where(l => l.HeldQuantity > 0))
            body.AppendLine(CultureInfo.CurrentCulture, $"  {l.HeldQuantity} × {l.Name}");
        if (o.PromoCode is { } code && o.PromoDiscountAmount > 0)
            body.AppendLine(Text(Emails.Email_PromoDiscount, code, Formats.Money(o.PromoDiscountAmount, o.Currency)));
        if (o.LoyaltyPoints > 0)
            body.AppendLine(Text(Emails.Email_PaidWithPoints, Formats.Number(o.LoyaltyPoints), Formats.Money(o.LoyaltyDiscountAmount, o.Currency)));
        body.AppendLine(Text(Emails.Email_Total, Formats.Money(o.TotalAmount, o.Currency)));
        AppendVat(body, o.Vat);
        body.AppendLine().AppendLine(Emails.Email_Signature);
        return new OutboxEmail(o.CustomerEmail, subject, body.ToString(), kind, o.Id, now);
    }

    /// <summary>"Friday, June 12, 6:00 PM (UTC+2)" / "Freitag, 12. Juni um 18:00 (UTC+2)".</summary>
    private static string DayAndTime(DateTimeOffset local) =>
        Text(Emails.Email_DayAndTime, Formats.Day(local), $"{Formats.Time(local)} {Formats.Zone(local)}");

    private static string Text(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
}

/// <summary>
/// A discount as the receipt shows it (issue 13 adds promotions): what it is, the amount taken off (VAT included), and
/// the VAT rate of the goods it came off, so the VAT per rate nets it off there.
/// </summary>
public sealed record ReceiptDiscount(string Label, Money Amount, VatRate Rate);
