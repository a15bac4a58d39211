using System.Globalization;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Admin;

public sealed class IndexModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public DashboardView Dashboard { get; private set; } = null!;
    public string ChartJson { get; private set; } = "{}";

    /// <summary>A date as an <c>input type="date"</c> and a <c>time datetime</c> take it, whatever the reader's culture.</summary>
    public string DateValue(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"95%" / "95 %", or a dash when there is nothing to divide.</summary>
    public static string Rate(double? rate) => rate is { } r ? r.ToString("P0", CultureInfo.CurrentCulture) : "–";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Dashboard = await this.SendOrReportAsync<DashboardView>(Sender, new GetDashboard(From, To), ct)
                    ?? await Sender.Send(new GetDashboard(), ct);
        var days = Enumerable.Range(0, Dashboard.To.DayNumber - Dashboard.From.DayNumber + 1).Select(i => Dashboard.From.AddDays(i)).ToList();
        var stores = Dashboard.Stores.Select(s => s.StoreCode).ToList();
        var figures = Dashboard.Days.ToDictionary(d => (d.StoreCode, d.Day));
        // One revenue series per store and currency, stacked per currency: amounts in two currencies are never added up.
        var series = Dashboard.Days.SelectMany(d => d.Revenue.Select(r => (d.StoreCode, r.Currency))).Distinct()
            .OrderBy(x => x.Currency, StringComparer.Ordinal).ThenBy(x => x.StoreCode, StringComparer.Ordinal).ToList();
        // Serialised as JSON data for dashboard.js: no inline script, so the CSP stays strict. "<" is escaped by the serializer.
        // The day labels are written here in the reader's culture (store-local days); the script formats amounts with
        // the page's language and each series' currency.
        ChartJson = JsonSerializer.Serialize(new
        {
            locale = RequestCultures.Language,
            rtl = RequestCultures.Direction == "rtl",
            labels = days.Select(AdminFormats.ShortDay),
            orders = stores.Select(code => new { label = code, data = days.Select(d => figures.GetValueOrDefault((code, d))?.Orders ?? 0) }),
            revenue = series.Select(x => new
            {
                label = $"{x.StoreCode} ({x.Currency})",
                stack = x.Currency,
                currency = x.Currency,
                data = days.Select(d => Major(figures.GetValueOrDefault((x.StoreCode, d))?.Revenue.FirstOrDefault(r => r.Currency == x.Currency)?.Amount ?? 0, x.Currency)),
            }),
        });
    }

    /// <summary>A chart's bar height in the currency's own units (1200 JPY is 1200, 1250 EUR cents is 12.5).</summary>
    private static decimal Major(long minor, string currency) =>
        decimal.Parse(CurrencyUnits.ToMajor(minor, currency), CultureInfo.InvariantCulture);
}
