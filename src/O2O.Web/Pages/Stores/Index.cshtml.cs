using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Stores;

namespace O2O.Web.Pages.Stores;

public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? City { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lon { get; set; }

    public IReadOnlyList<StoreSummary> Stores { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Stores = await this.SendOrReportAsync<IReadOnlyList<StoreSummary>>(sender, new ListStores(Lat, Lon, City), ct) ?? [];
}
