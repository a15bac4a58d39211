using System.Globalization;
using O2O.Application.Localization;

namespace O2O.Web.Pages.Admin;

/// <summary>
/// How the back office writes dates and instants beside <see cref="Formats"/>: an auditor reads UTC to the second, a
/// chart reads a short day, and both follow the reader's culture.
/// </summary>
public static partial class AdminFormats
{
    /// <summary>
    /// A wait of <paramref name="minutes"/> to the second, with each language's own short units: "9 min 12 s",
    /// "9 Min. 12 Sek.", "1 h 5 min". Units are abbreviations, so no plural form depends on the number.
    /// </summary>
    public static string Duration(double minutes)
    {
        var seconds = (long)Math.Round(minutes * 60, MidpointRounding.AwayFromZero);
        var (h, m, sec) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        if (h > 0) return string.Format(CultureInfo.CurrentCulture, O2O.Web.Localization.Admin.Duration_HoursMinutes, Formats.Number(h), Formats.Number(m));
        if (m == 0) return string.Format(CultureInfo.CurrentCulture, O2O.Web.Localization.Admin.Duration_Seconds, Formats.Number(sec));
        return sec == 0
            ? string.Format(CultureInfo.CurrentCulture, O2O.Web.Localization.Admin.Duration_Minutes, Formats.Number(m))
            : string.Format(CultureInfo.CurrentCulture, O2O.Web.Localization.Admin.Duration_MinutesSeconds, Formats.Number(m), Formats.Number(sec));
    }

    /// <summary>The instant for a <c>&lt;time datetime&gt;</c> attribute: always UTC, always ISO 8601.</summary>
    public static string Iso(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"01/12/2026 10:04:31 (UTC)": with seconds, so an entry can be lined up with the logs.</summary>
    public static string Utc(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return $"{utc.ToString("G", CultureInfo.CurrentCulture)} {Formats.Zone(utc)}";
    }

    /// <summary>"Dec 1" / "1 déc.": a day under a chart's bar.</summary>
    public static string ShortDay(DateOnly day)
    {
        var format = CultureInfo.CurrentCulture.DateTimeFormat;
        return day.ToString(format.MonthDayPattern.Replace("MMMM", "MMM", StringComparison.Ordinal), CultureInfo.CurrentCulture);
    }

    /// <summary>"December 1, 2026" / "1 décembre 2026": the culture's long date without its weekday.</summary>
    public static string DateWithoutWeekday(DateOnly day)
    {
        var pattern = Weekday().Replace(CultureInfo.CurrentCulture.DateTimeFormat.LongDatePattern, "").Trim();
        return day.ToString(pattern, CultureInfo.CurrentCulture);
    }

    /// <summary>"Monday" / "Lundi": a weekday as a form label.</summary>
    public static string DayName(DayOfWeek day)
    {
        var name = CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);
        return name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.CurrentCulture) + name[1..];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"d{4}[\s,،]*")]
    private static partial System.Text.RegularExpressions.Regex Weekday();
}
