using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Admin;

public sealed class PaymentsModel(ISender sender) : AdminPage(sender)
{
    public PaymentCommandsView Commands { get; private set; } = new([], 0);

    public async Task OnGetAsync(CancellationToken ct) => Commands = await Sender.Send(new ListPaymentsNeedingAttention(), ct);

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        var retried = await TrySendAsync(new RetryPaymentCommand(id, User.ToActor()), ct);
        if (retried is null)
        {
            Commands = await Sender.Send(new ListPaymentsNeedingAttention(), ct);
            return Page();
        }
        return Done(retried.Status == "Succeeded"
            ? $"Order {retried.OrderNumber}: {retried.Kind.ToLowerInvariant()} of {retried.Amount} done."
            : $"Order {retried.OrderNumber}: {retried.Kind.ToLowerInvariant()} sent again; it is {(retried.Status == "Failed" ? "refused again" : "waiting for the provider")}.",
            "/admin/payments");
    }
}
