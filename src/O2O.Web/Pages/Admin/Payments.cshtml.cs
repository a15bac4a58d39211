using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Domain.Payments;
using O2O.Web.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin;

public sealed class PaymentsModel(ISender sender) : AdminPage(sender)
{
    public PaymentCommandsView Commands { get; private set; } = new([], 0);

    /// <summary>The read model carries the kind's name (the API's contract); the page says what it is.</summary>
    public static string KindText(string kind) => kind switch
    {
        nameof(PaymentCommandKind.Refund) => AdminTexts.Payments_Kind_Refund,
        nameof(PaymentCommandKind.Void) => AdminTexts.Payments_Kind_Void,
        nameof(PaymentCommandKind.Capture) => AdminTexts.Payments_Kind_Capture,
        _ => kind,
    };

    public async Task OnGetAsync(CancellationToken ct) => Commands = await Sender.Send(new ListPaymentsNeedingAttention(), ct);

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        var retried = await TrySendAsync(new RetryPaymentCommand(id, User.ToActor()), ct);
        if (retried is null)
        {
            Commands = await Sender.Send(new ListPaymentsNeedingAttention(), ct);
            return Page();
        }
        var kind = KindText(retried.Kind);
        return Done(retried.Status switch
        {
            nameof(PaymentCommandStatus.Succeeded) => string.Format(AdminTexts.Payments_RetryDone, retried.OrderNumber, kind, retried.Amount.Format()),
            nameof(PaymentCommandStatus.Failed) => string.Format(AdminTexts.Payments_RetryRefused, retried.OrderNumber, kind),
            _ => string.Format(AdminTexts.Payments_RetryWaiting, retried.OrderNumber, kind),
        }, "/admin/payments");
    }
}
