using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using O2O.Application.Common;

namespace O2O.Application.Admin;

/// <summary>
/// The O2O report as a spreadsheet (ADR 56): one row per campaign and per store (<c>scope</c>), and one more for each
/// further currency it sold in. The uses and amounts of a row are its currency's, so a column adds up; the figures that
/// have no currency (codes sent, conversion, points) are written on an entity's first row only, for the same reason.
/// Numbers are invariant, instants ISO 8601 in UTC, money in major units beside its currency. A text cell that a
/// spreadsheet would run as a formula (= + - @, tab, CR) is escaped by CsvHelper.
/// </summary>
public static class O2OReportCsv
{
    public static readonly string[] Header =
    [
        "scope", "id", "code", "name", "promotion", "sent_at", "codes_sent", "redeemed_online", "redeemed_at_counter", "conversion_rate",
        "currency", "sales_online", "sales_at_counter", "sales", "discount", "points_earned", "points_spent",
    ];

    private static readonly CsvConfiguration Format = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public static string FileName(O2OReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"o2o-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv");

    /// <summary>UTF-8 with a byte-order mark, so a spreadsheet reads accented names right.</summary>
    public static byte[] ToBytes(O2OReport report) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Write(report))];

    public static string Write(O2OReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, Format))
        {
            foreach (var h in Header) csv.WriteField(h);
            csv.NextRecord();
            foreach (var c in report.Campaigns)
                Rows(csv, "campaign", c.Id, "", c.Name, c.PromotionName, c.SentAt, c.CodesSent, c.ConversionRate, c.Currencies, c.PointsEarned,
                    c.PointsSpent);
            foreach (var s in report.Stores)
                Rows(csv, "store", s.Id, s.Code, s.Name, "", null, null, null, s.Currencies, s.PointsEarned, s.PointsSpent);
        }
        return text.ToString();
    }

    private static void Rows(CsvWriter csv, string scope, Guid id, string code, string name, string promotion, DateTimeOffset? sentAt,
        int? codesSent, double? conversion, IReadOnlyList<O2OCurrencyFigures> currencies, long? earned, long? spent)
    {
        // An entity nobody used a code at still has its row, with no currency (its uses are then none).
        IEnumerable<O2OCurrencyFigures?> parts = currencies.Count == 0 ? [null] : [.. currencies];
        var first = true;
        foreach (var m in parts)
        {
            csv.WriteField(scope);
            csv.WriteField(id.ToString());
            csv.WriteField(code);
            csv.WriteField(name);
            csv.WriteField(promotion);
            csv.WriteField(first && sentAt is { } at ? at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "");
            csv.WriteField(first ? Number(codesSent) : "");
            csv.WriteField(Number(m?.RedeemedOnline ?? 0));
            csv.WriteField(Number(m?.RedeemedAtCounter ?? 0));
            csv.WriteField(first && conversion is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "");
            csv.WriteField(m?.Currency ?? "");
            csv.WriteField(Major(m?.SalesOnline));
            csv.WriteField(Major(m?.SalesAtCounter));
            csv.WriteField(Major(m?.Sales));
            csv.WriteField(Major(m?.Discount));
            csv.WriteField(first ? Number(earned) : "");
            csv.WriteField(first ? Number(spent) : "");
            csv.NextRecord();
            first = false;
        }
    }

    private static string Number(long? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";

    private static string Major(MoneyDto? money) => money is null ? "" : CurrencyUnits.ToMajor(money.Amount, money.Currency);
}
