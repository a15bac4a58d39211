using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Orders;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Orders;

/// <summary>
/// Where a link that must not carry the order's token leads (the calendar entry): the signed-in owner goes on to the
/// order; anyone else is told how to reach it. The page is the same for every id, so it says nothing about an order.
/// </summary>
public sealed class OpenModel(ISender sender) : PageModel
{
    public Guid Id { get; private set; }

    public string SignInLink => $"/Account/Login?returnUrl={Uri.EscapeDataString($"/orders/{Id}/open")}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        if (User.Identity?.IsAuthenticated == true && await sender.Send(new GetOrder(id, null, User.ToActor()), ct) is not null)
            return Redirect($"/orders/{id}");
        return Page();
    }
}
