using System.Text;
using O2O.Application.Orders;
using QRCoder;

namespace O2O.Web.Storefront;

public static class PickupPass
{
    /// <summary>The pickup code as a QR image (a data: URI, allowed by the CSP's img-src).</summary>
    public static string QrDataUri(string code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>An iCalendar event for the pickup slot, for "add to calendar".</summary>
    public static string Calendar(OrderView order, string storeAddress, string orderUrl)
    {
        static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'");
        static string Escape(string s) => s.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\n", "\\n");
        var text = new StringBuilder()
            .Append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//O2O//Click and collect//EN\r\nMETHOD:PUBLISH\r\n")
            .Append("BEGIN:VEVENT\r\n")
            .Append($"UID:{order.Id}@o2o\r\n")
            .Append($"DTSTAMP:{Utc(DateTimeOffset.UtcNow)}\r\n")
            .Append($"DTSTART:{Utc(order.PickupSlot.Start)}\r\n")
            .Append($"DTEND:{Utc(order.PickupSlot.End)}\r\n")
            .Append($"SUMMARY:{Escape($"Collect order {order.Number} at {order.StoreName}")}\r\n")
            .Append($"LOCATION:{Escape(storeAddress)}\r\n")
            .Append($"DESCRIPTION:{Escape($"Pickup code: {order.PickupCode}. Order page: {orderUrl}")}\r\n")
            .Append("END:VEVENT\r\nEND:VCALENDAR\r\n");
        return text.ToString();
    }
}
