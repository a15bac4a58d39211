using Mediator;
using O2O.Application.Stores;

namespace O2O.Web.Pages.Admin;

public sealed class StoresModel(ISender sender) : AdminPage(sender)
{
    public IReadOnlyList<StoreSummary> Stores { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Stores = (await Sender.Send(new ListStores(), ct)).OrderBy(s => s.Code).ToList();
}
