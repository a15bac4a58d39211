using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Web.Pages.Admin;

/// <summary>What promotions brought in (ADR 56): the same report as <c>GET /api/v1/admin/dashboard/o2o</c>, and its CSV.</summary>
public sealed class O2OReportModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public O2OReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Report = await this.SendOrReportAsync<O2OReport>(Sender, new GetO2OReport(From, To), ct) ?? await Sender.Send(new GetO2OReport(), ct);

    /// <summary>The CSV of the range asked; a bad range shows the page with the message beside the field.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await this.SendOrReportAsync<O2OReport>(Sender, new GetO2OReport(From, To), ct) is { } report)
            return File(O2OReportCsv.ToBytes(report), "text/csv; charset=utf-8", O2OReportCsv.FileName(report));
        Report = await Sender.Send(new GetO2OReport(), ct);
        return Page();
    }

    /// <summary>The CSV link for the range on show.</summary>
    public string CsvUrl => Url.Page("/Admin/O2OReport", "Csv", new { from = DateValue(Report.From), to = DateValue(Report.To) })!;

    /// <summary>A date as an <c>input type="date"</c> and a <c>time datetime</c> take it, whatever the reader's culture.</summary>
    public static string DateValue(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string SalesOnline(IEnumerable<O2OCurrencyFigures> parts) => Amounts(parts.Select(m => m.SalesOnline));

    public static string SalesAtCounter(IEnumerable<O2OCurrencyFigures> parts) => Amounts(parts.Select(m => m.SalesAtCounter));

    public static string Discount(IEnumerable<O2OCurrencyFigures> parts) => Amounts(parts.Select(m => m.Discount));

    /// <summary>"€15.00 · ¥2,700": one amount per currency, never added across; a dash for none.</summary>
    private static string Amounts(IEnumerable<MoneyDto> amounts)
    {
        var text = string.Join(" · ", amounts.Where(m => m.Amount != 0).Select(m => m.Format()));
        return text.Length == 0 ? "–" : text;
    }

    /// <summary>When a campaign was sent, on the clock of the store it invites to, or in UTC for one to every store.</summary>
    public static string SentAt(CampaignO2OFigures campaign) => campaign switch
    {
        { SentAt: null } => O2O.Web.Localization.Admin.O2O_Sending,
        { SentAt: { } at, TimeZone: { } zone } => Formats.Moment(Formats.InZone(at, TimeZoneInfo.FindSystemTimeZoneById(zone))),
        { SentAt: { } at } => AdminFormats.Utc(at),
    };

    /// <summary>A bar's length as a share of the chart's longest, for an SVG width (0 to 100; a bar for 1 out of 10,000 still shows).</summary>
    public static string Share(decimal value, decimal max) =>
        (max <= 0 || value <= 0 ? 0m : Math.Max(0.5m, Math.Round(value / max * 100, 1))).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An amount in its currency's major units, to compare bars of one currency.</summary>
    public static decimal Major(MoneyDto money) =>
        decimal.Parse(CurrencyUnits.ToMajor(money.Amount, money.Currency), System.Globalization.CultureInfo.InvariantCulture);
}
