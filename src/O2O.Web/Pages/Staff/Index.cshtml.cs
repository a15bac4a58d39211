using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Staff;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<StaffStore> Stores { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Stores = await sender.Send(new ListStaffStores(User.ToActor()), ct);
}
