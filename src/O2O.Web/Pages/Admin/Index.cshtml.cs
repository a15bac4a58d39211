using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;

namespace O2O.Web.Pages.Admin;

public sealed class IndexModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public DashboardView Dashboard { get; private set; } = null!;
    public string ChartJson { get; private set; } = "{}";

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
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = days.Select(d => d.ToString("d MMM")),
            orders = stores.Select(code => new { label = code, data = days.Select(d => figures.GetValueOrDefault((code, d))?.Orders ?? 0) }),
            revenue = series.Select(x => new
            {
                label = $"{x.StoreCode} ({x.Currency})",
                stack = x.Currency,
                data = days.Select(d => (figures.GetValueOrDefault((x.StoreCode, d))?.Revenue.FirstOrDefault(r => r.Currency == x.Currency)?.Amount ?? 0) / 100m),
            }),
        });
    }
}
