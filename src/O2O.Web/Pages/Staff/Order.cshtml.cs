using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Common;
using O2O.Application.Orders;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;
using StaffText = O2O.Web.Localization.Staff;

namespace O2O.Web.Pages.Staff;

/// <summary>One order at the desk: short picks, ready, hand-over with the code, or release as a no-show.</summary>
public sealed class OrderModel(ISender sender, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public OrderView Order { get; private set; } = null!;

    /// <summary>The loyalty balance of the member who placed the order; null for a guest's order.</summary>
    public long? MemberPoints { get; private set; }

    /// <summary>The store's zone: the order's history is kept in UTC, and the clerk reads it on the store's clock.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool IsOverdue => Order.Status is "Paid" or "ReadyForPickup" && Order.PickupSlot.End < clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostReadyAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, new MarkOrderReady(id, User.ToActor()), o => string.Format(StaffText.OrderReady, o.Number), ct);

    public Task<IActionResult> OnPostCollectAsync(Guid id, string? pickupCode, CancellationToken ct) =>
        ActAsync(id, new CollectOrder(id, pickupCode, User.ToActor()), o => string.Format(StaffText.HandedOver, o.Number), ct);

    public Task<IActionResult> OnPostShortAsync(Guid id, Guid lineId, int quantity, string? reason, CancellationToken ct) =>
        ActAsync(id, new MarkLineShort(id, lineId, quantity, reason, User.ToActor()), o => string.Format(StaffText.ShortDone, o.Total.Format()), ct);

    public Task<IActionResult> OnPostNoShowAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, new ReleaseNoShow(id, User.ToActor()), o => string.Format(StaffText.ReleasedAsNoShow, o.Number), ct);

    private async Task<IActionResult> ActAsync(Guid id, Mediator.ICommand<Result<OrderView>> command, Func<OrderView, string> done, CancellationToken ct)
    {
        Result<OrderView> result;
        try
        {
            result = await this.SendOrReportAsync<Result<OrderView>>(sender, command, ct);
        }
        catch (O2O.Domain.Common.DomainException ex)
        {
            ModelState.AddModelError(string.Empty, O2O.Application.Common.DomainErrors.Describe(ex));
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        if (!ModelState.IsValid) return await LoadAsync(id, ct) ? Page() : NotFound();
        if (result.Error is { Kind: ErrorKind.NotFound }) return NotFound();
        if (result.Error is { } error)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            if (error is { Code: "pickup_locked" } && error.Details?.GetValueOrDefault("lockedUntil") is DateTimeOffset until)
            {
                // The handler's message gives the end of the lock in UTC; the clerk at the counter needs the store's clock.
                ModelState.AddModelError("pickupCode", string.Format(StaffText.PickupLocked, Desk.Time(until, Zone)));
                return Page();
            }
            var field = error.Details?.GetValueOrDefault("errors") is Dictionary<string, string[]> errors ? errors.Keys.First() : string.Empty;
            ModelState.AddModelError(field, error.Message);
            return Page();
        }
        TempData["Message"] = done(result.Value!);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = User.ToActor();
        var order = await sender.Send(new GetOrder(id, null, actor), ct);
        if (order is null) return false;
        // GetOrder also admits the order's owner; the desk is for staff of its store only (an admin's list holds every store).
        var store = (await sender.Send(new ListStaffStores(actor), ct)).FirstOrDefault(s => s.Id == order.StoreId);
        if (store is null) return false;
        Order = order;
        MemberPoints = await sender.Send(new O2O.Application.Loyalty.GetMemberBalance(id), ct);
        Zone = TimeZoneInfo.FindSystemTimeZoneById(store.TimeZone);
        return true;
    }
}
