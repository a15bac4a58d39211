using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Orders;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Account;

[Authorize(Policy = Policies.SignedInPage)]
public sealed class OrdersModel(ISender sender) : PageModel
{
    public IReadOnlyList<MyOrderSummary> Orders { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Orders = await sender.Send(new ListMyOrders(User.ToActor().UserId!), ct);
}
