using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Common;
using O2O.Application.Orders;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Staff;

/// <summary>One order at the desk: short picks, ready, hand-over with the code, or release as a no-show.</summary>
public sealed class OrderModel(ISender sender, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public OrderView Order { get; private set; } = null!;
    public bool IsOverdue => Order.Status is "Paid" or "ReadyForPickup" && Order.PickupSlot.End < clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostReadyAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, new MarkOrderReady(id, User.ToActor()), o => $"Order {o.Number} is ready; the shopper has been told.", ct);

    public Task<IActionResult> OnPostCollectAsync(Guid id, string? pickupCode, CancellationToken ct) =>
        ActAsync(id, new CollectOrder(id, pickupCode, User.ToActor()), o => $"Order {o.Number} handed over.", ct);

    public Task<IActionResult> OnPostShortAsync(Guid id, Guid lineId, int quantity, string? reason, CancellationToken ct) =>
        ActAsync(id, new MarkLineShort(id, lineId, quantity, reason, User.ToActor()), o => $"Marked short; the total is now {o.Total.Format()} and the shopper has been told.", ct);

    public Task<IActionResult> OnPostNoShowAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, new ReleaseNoShow(id, User.ToActor()), o => $"Order {o.Number} released as a no-show.", ct);

    private async Task<IActionResult> ActAsync(Guid id, Mediator.ICommand<Result<OrderView>> command, Func<OrderView, string> done, CancellationToken ct)
    {
        Result<OrderView> result;
        try
        {
            result = await this.SendOrReportAsync<Result<OrderView>>(sender, command, ct);
        }
        catch (O2O.Domain.Common.DomainException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        if (!ModelState.IsValid) return await LoadAsync(id, ct) ? Page() : NotFound();
        if (result.Error is { Kind: ErrorKind.NotFound }) return NotFound();
        if (result.Error is { } error)
        {
            var field = error.Details?.GetValueOrDefault("errors") is Dictionary<string, string[]> errors ? errors.Keys.First() : string.Empty;
            ModelState.AddModelError(field, error.Message);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        TempData["Message"] = done(result.Value!);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = User.ToActor();
        var order = await sender.Send(new GetOrder(id, null, actor), ct);
        // GetOrder also admits the order's owner; the desk is for staff of its store only.
        if (order is null || !(actor.IsAdmin || (await sender.Send(new ListStaffStores(actor), ct)).Any(s => s.Id == order.StoreId))) return false;
        Order = order;
        return true;
    }
}
