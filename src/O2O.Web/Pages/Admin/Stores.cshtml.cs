using Mediator;
using O2O.Application.Localization;
using O2O.Application.Stores;

namespace O2O.Web.Pages.Admin;

public sealed class StoresModel(ISender sender, TimeProvider clock) : AdminPage(sender)
{
    public IReadOnlyList<StoreSummary> Stores { get; private set; } = [];

    /// <summary>"(UTC+2)": the offset each store's clock is at now, so an admin reading a zone's name knows its time.</summary>
    public string OffsetNow(StoreSummary store) =>
        Formats.Zone(Formats.InZone(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(store.TimeZone)));

    public async Task OnGetAsync(CancellationToken ct) => Stores = (await Sender.Send(new ListStores { FromPrimary = true }, ct)).OrderBy(s => s.Code).ToList();
}
