using System.Globalization;
using O2O.Application.Localization;
using O2O.Application.Staff;
using StaffText = O2O.Web.Localization.Staff;

namespace O2O.Web.Pages.Staff;

/// <summary>What the desk's pages write beside the data: the clerk's words for the API's names, and times on the store's clock.</summary>
public static class Desk
{
    /// <summary>A day in a link: the same digits in every language, since the page reads it back.</summary>
    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The API keeps a column's English name as its contract; the clerk reads it in their own language.</summary>
    public static string Column(string column) => column switch
    {
        BoardColumns.ToPrepare => StaffText.ColumnToPrepare,
        BoardColumns.Ready => StaffText.ColumnReady,
        BoardColumns.Collected => StaffText.ColumnCollected,
        BoardColumns.Overdue => StaffText.ColumnOverdue,
        _ => column,
    };

    /// <summary>Who took a step of an order's history: a clerk by name, the shopper, the payment provider, or O2O itself.</summary>
    public static string Actor(string actor) => actor switch
    {
        "system" => StaffText.ActorSystem,
        "shopper" => StaffText.Shopper,
        "simulated" => StaffText.TestPayment,
        "stripe" => "Stripe",
        _ => actor,
    };

    /// <summary>An instant as the store's wall clock shows it, with the offset, since the clerk's phone may be set to another zone.</summary>
    public static string Moment(DateTimeOffset instant, TimeZoneInfo zone) => Formats.Moment(Formats.InZone(instant, zone));

    /// <summary>"14:45 (UTC+3)": a time within the next minutes, on the store's clock.</summary>
    public static string Time(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = Formats.InZone(instant, zone);
        return $"{Formats.Time(local)} {Formats.Zone(local)}";
    }

    /// <summary>A phone number as a link the desk phone can dial: a tel: URI has no spaces or dots.</summary>
    public static string Tel(string phone) =>
        "tel:" + string.Concat(phone.Where(c => char.IsAsciiDigit(c) || c == '+'));
}
