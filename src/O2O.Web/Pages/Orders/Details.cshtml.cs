using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Orders;
using O2O.Application.Stores;
using O2O.Web.Infrastructure;
using O2O.Web.Storefront;
using Texts = O2O.Web.Localization.Account;

namespace O2O.Web.Pages.Orders;

/// <summary>The order page and pickup pass. Guests reach it through its secret link (?token=…).</summary>
public sealed class DetailsModel(ISender sender, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public OrderView Order { get; private set; } = null!;
    public string StoreAddress { get; private set; } = "";
    public string? QrCode { get; private set; }

    /// <summary>The shopper asked to cancel and is shown what that means before anything happens (no script needed).</summary>
    public bool ConfirmingCancel { get; private set; }

    public DateTimeOffset Now => clock.GetUtcNow();

    public string StatusText => O2O.Application.Orders.OrderStatusNames.Sentence(Order.Status);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetCalendarAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Order.PickupCode is null) return NotFound();
        var ics = PickupPass.Calendar(Order, StoreAddress, new Uri($"{Request.Scheme}://{Request.Host}/orders/{id}/open"), clock.GetUtcNow());
        return File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar", $"o2o-order-{Order.Number}.ics");
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            ConfirmingCancel = Order.CanCancel;
            return Page();
        }
        // No reason of its own: the history already says the shopper cancelled, in the reader's language.
        var result = await sender.Send(new CancelOrder(id, Token, User.ToActor()), ct);
        if (result.Error is { Kind: O2O.Application.Common.ErrorKind.NotFound }) return NotFound();
        TempData["Message"] = !result.IsSuccess ? result.Error!.Message
            : result.Value!.Payment.RefundPending ? Texts.Order_CancelledRefundPending
            : Texts.Order_CancelledRefunded;
        return Redirect($"/orders/{id}?token={Uri.EscapeDataString(Token ?? "")}");
    }

    public async Task<IActionResult> OnPostArrivedAsync(Guid id, string? note, CancellationToken ct)
    {
        var result = await this.SendOrReportAsync<O2O.Application.Common.Result<OrderView>>(sender, new AnnounceArrival(id, Token, User.ToActor(), note), ct);
        if (!ModelState.IsValid) return await LoadAsync(id, ct) ? Page() : NotFound();
        if (result.Error is { Kind: O2O.Application.Common.ErrorKind.NotFound }) return NotFound();
        TempData["Message"] = result.IsSuccess ? Texts.Arrival_Sent : result.Error!.Message;
        return Redirect($"/orders/{id}?token={Uri.EscapeDataString(Token ?? "")}");
    }

    /// <summary>What the shopper typed as the collector's name, shown again beside its error.</summary>
    public string? CollectorInput { get; private set; }

    public async Task<IActionResult> OnPostCollectorAsync(Guid id, string? collectorName, CancellationToken ct)
    {
        var result = await this.SendOrReportAsync<O2O.Application.Common.Result<OrderView>>(sender, new NameCollector(id, Token, User.ToActor(), collectorName), ct);
        if (!ModelState.IsValid)
        {
            CollectorInput = collectorName;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        if (result.Error is { Kind: O2O.Application.Common.ErrorKind.NotFound }) return NotFound();
        TempData["Message"] = !result.IsSuccess ? result.Error!.Message
            : result.Value!.Handover.CollectorName is { } name ? string.Format(Texts.Collector_Saved, name)
            : Texts.Collector_SavedSelf;
        return Redirect($"/orders/{id}?token={Uri.EscapeDataString(Token ?? "")}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var order = await sender.Send(new GetOrder(id, Token, User.ToActor()), ct);
        if (order is null) return false;
        Order = order;
        var store = await sender.Send(new GetStore(order.StoreId), ct);
        StoreAddress = store is null ? "" : $"{store.Address.Street}, {store.Address.PostalCode} {store.Address.City}";
        if (order.PickupCode is { } code) QrCode = PickupPass.QrDataUri(code);
        return true;
    }
}
