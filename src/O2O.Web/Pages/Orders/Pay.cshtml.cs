using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using O2O.Application.Orders;
using O2O.Application.Payments;
using O2O.Infrastructure.Payments;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Orders;

public sealed class PayModel(ISender sender, IOptions<StripeOptions> stripe) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public OrderView Order { get; private set; } = null!;
    public string? StripePublishableKey => stripe.Value.PublishableKey;
    public string? ClientSecret { get; private set; }
    public bool Declined { get; private set; }
    public string OrderLink => $"/orders/{Order.Id}?token={Uri.EscapeDataString(Token ?? "")}";
    public string AbsoluteOrderLink => $"{Request.Scheme}://{Request.Host}{OrderLink}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var order = await sender.Send(new GetOrder(id, Token, User.ToActor()), ct);
        if (order is null) return NotFound();
        Order = order;
        // The client secret goes only to whoever holds the order's token (StartOrderPayment checks it, as GetOrder did).
        if (!order.Payment.TestMode && order.Status == "PendingPayment")
        {
            var session = await sender.Send(new StartOrderPayment(id, Token, User.ToActor()), ct);
            if (session.IsSuccess) ClientSecret = session.Value!.ClientSecret;
            else ModelState.AddModelError(string.Empty, session.Error!.Message);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? outcome, CancellationToken ct)
    {
        var order = await sender.Send(new GetOrder(id, Token, User.ToActor()), ct);
        if (order is null) return NotFound();
        var result = await sender.Send(new SimulatePayment(id, outcome == "succeeded"), ct);
        if (!result.IsSuccess) return NotFound();
        if (result.Value!.Status == "PendingPayment")
        {
            // Not a form to correct: the bank said no, so the page says that in its own words.
            Declined = true;
            Order = (await sender.Send(new GetOrder(id, Token, User.ToActor()), ct))!;
            return Page();
        }
        return Redirect(OrderLinkFor(id));
    }

    private string OrderLinkFor(Guid id) => $"/orders/{id}?token={Uri.EscapeDataString(Token ?? "")}";
}
