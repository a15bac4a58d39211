using CultureInfo = System.Globalization.CultureInfo;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using O2O.Application.Localization;
using O2O.Application.Orders;
using QRCoder;

namespace O2O.Web.Storefront;

public static class PickupPass
{
    /// <summary>The pickup code as a QR image (a data: URI, allowed by the CSP's img-src).</summary>
    public static string QrDataUri(string code)
    {
        using var data = QrData(code);
        var png = new PngByteQRCode(data).GetGraphic(8);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>The QR code's modules (with its quiet zone) that <see cref="QrDataUri"/> draws: what the desk's camera reads.</summary>
    public static QRCodeData QrData(string code)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
    }

    /// <summary>
    /// An iCalendar event for the pickup slot, for "add to calendar", written by Ical.Net (escaping, line folding).
    /// Times are UTC, so no VTIMEZONE is needed. A calendar is synced and shared, so the entry carries neither the
    /// order's access token nor the pickup code: its link opens a page that asks the shopper to sign in or use the
    /// link from their email (ADR 20). Its words are in the reader's language (the request's culture); the description
    /// also gives the slot as the store's clock shows it, with its offset, since a calendar shows it in the reader's zone.
    /// </summary>
    public static string Calendar(OrderView order, string storeAddress, Uri openOrderUrl, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = "-//O2O//Click and collect//EN", Method = "PUBLISH" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"{order.Id}@o2o",
            DtStamp = new CalDateTime(now.UtcDateTime),
            DtStart = new CalDateTime(order.PickupSlot.Start.UtcDateTime),
            DtEnd = new CalDateTime(order.PickupSlot.End.UtcDateTime),
            Summary = Text(Emails.Calendar_Summary, order.Number, order.StoreName),
            Location = storeAddress,
            Description = Text(Emails.Calendar_Description, order.Number, openOrderUrl) + "\n"
                + Text(Emails.Email_PickupSlot, Formats.Slot(order.PickupSlot.Start, order.PickupSlot.End)),
            Url = openOrderUrl,
        });
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static string Text(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
}
