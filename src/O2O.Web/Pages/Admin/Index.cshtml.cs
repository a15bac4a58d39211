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
        // Serialised as JSON data for dashboard.js: no inline script, so the CSP stays strict. "<" is escaped by the serializer.
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = days.Select(d => d.ToString("d MMM")),
            orders = stores.Select(code => new { label = code, data = days.Select(d => Dashboard.Days.FirstOrDefault(x => x.StoreCode == code && x.Day == d)?.Orders ?? 0) }),
            revenue = stores.Select(code => new { label = code, data = days.Select(d => (Dashboard.Days.FirstOrDefault(x => x.StoreCode == code && x.Day == d)?.Revenue ?? 0) / 100m) }),
        });
    }
}
