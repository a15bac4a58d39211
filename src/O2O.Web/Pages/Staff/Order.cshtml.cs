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

    /// <summary>The stores whose counter this clerk may take items back at (the order's first).</summary>
    public IReadOnlyList<StaffStore> Counters { get; private set; } = [];

    /// <summary>A fresh key per rendered form: a double submit of the same form replays the first return instead of making two.</summary>
    public string ReturnKey { get; } = Guid.NewGuid().ToString();

    public bool CanTakeBack => Order.Status == "Collected" && Order.ReturnableUntil is { } until && until > clock.GetUtcNow()
        && Order.Lines.Any(l => l.ReturnableQuantity > 0);

    public sealed record ReturnLineForm(Guid LineId, int Quantity, bool Restock);

    public bool IsOverdue => Order.Status is "Paid" or "ReadyForPickup" && Order.PickupSlot.End < clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostReadyAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, new MarkOrderReady(id, User.ToActor()), o => string.Format(StaffText.OrderReady, o.Number), ct);

    public Task<IActionResult> OnPostCollectAsync(Guid id, string? pickupCode, bool idChecked, CancellationToken ct)
    {
        // Shown again when the hand-over is refused, so a clerk who forgot to tick the ID check need not ask for the code twice.
        Code = pickupCode;
        return ActAsync(id, new CollectOrder(id, pickupCode, User.ToActor()) { IdChecked = idChecked }, o => string.Format(StaffText.HandedOver, o.Number), ct);
    }

    public Task<IActionResult> OnPostShortAsync(Guid id, Guid lineId, int quantity, string? reason, CancellationToken ct) =>
        ActAsync(id, new MarkLineShort(id, lineId, quantity, reason, User.ToActor()), o => string.Format(StaffText.ShortDone, o.Total.Format()), ct);

    public Task<IActionResult> OnPostNoShowAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, new ReleaseNoShow(id, User.ToActor()), o => string.Format(StaffText.ReleasedAsNoShow, o.Number), ct);

    /// <summary>"Take back items": the lines with a quantity, the reason from the list or the clerk's words, and the counter.</summary>
    public async Task<IActionResult> OnPostReturnAsync(Guid id, List<ReturnLineForm>? lines, string? reasonCode, string? reasonText,
        Guid? storeId, string? returnKey, CancellationToken ct)
    {
        var form = lines ?? [];
        // Only lines with units are sent; a refusal names its line by its place in what was sent, mapped back to the form's row.
        var sent = form.Select((l, i) => (Line: l, Row: i)).Where(x => x.Line.Quantity != 0).ToList();
        var reason = reasonCode is null or "other" ? reasonText : reasonCode;
        var actor = User.ToActor();
        var key = Guid.TryParse(returnKey, out var k) ? k.ToString() : Guid.NewGuid().ToString();
        var command = new TakeBackItems(id, storeId, [.. sent.Select(x => new ReturnLineInput(x.Line.LineId, x.Line.Quantity, x.Line.Restock))], reason, actor)
        {
            IdempotencyKeyHash = O2O.Web.Api.ReturnEndpoints.KeyHash(Infrastructure.IdempotencyStore.ScopeFor(O2O.Web.Api.ReturnEndpoints.IdempotencyOperation, actor.UserId), key),
            RequestHash = Infrastructure.IdempotencyStore.Hash(System.Text.Encoding.UTF8.GetBytes(
                $"{id}|{storeId}|{reason}|{string.Join(';', sent.Select(x => $"{x.Line.LineId}:{x.Line.Quantity}:{x.Line.Restock}"))}")),
        };
        var result = await this.SendOrReportAsync<Result<ReturnTaken>>(sender, command, ct);
        if (!ModelState.IsValid || result.Error is { Kind: not ErrorKind.NotFound })
        {
            var errors = ModelState.Where(e => e.Value?.Errors.Count > 0).SelectMany(e => e.Value!.Errors.Select(x => (e.Key, x.ErrorMessage))).ToList();
            if (result.Error is { } error)
                errors.AddRange(error.Details?.GetValueOrDefault("errors") is Dictionary<string, string[]> fields
                    ? fields.SelectMany(f => f.Value.Select(m => (f.Key, m)))
                    : [(string.Empty, error.Message)]);
            ModelState.Clear();
            foreach (var (field, message) in errors) ModelState.AddModelError(FormField(field, sent.Select(x => x.Row).ToList()), message);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        if (result.Error is not null) return NotFound();
        var taken = result.Value!.Return;
        TempData["Message"] = taken.RefundStatus == ReturnView.None
            ? StaffText.Return_Done
            : string.Format(StaffText.Return_DoneRefund, taken.Refund.Format());
        return RedirectToPage(new { id });
    }

    /// <summary>A return's refund as the clerk reads it.</summary>
    public static string RefundStatusText(string status) => status switch
    {
        ReturnView.Refunded => StaffText.Return_StatusRefunded,
        ReturnView.Pending => StaffText.Return_StatusPending,
        ReturnView.Failed => StaffText.Return_StatusFailed,
        _ => StaffText.Return_StatusNone,
    };

    /// <summary>"lines[0].quantity" of what was sent is the form's "lines[2].quantity"; "lines" and "reason" stay as they are.</summary>
    private static string FormField(string field, IReadOnlyList<int> rows)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^lines\[(\d+)\]\.(\w+)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!match.Success) return field.ToLowerInvariant() switch { "lines" => "lines", "reason" => "reason", "storeid" => "storeId", _ => string.Empty };
        var sentIndex = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return sentIndex < rows.Count ? $"lines[{rows[sentIndex]}].quantity" : "lines";
    }

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
        var stores = await sender.Send(new ListStaffStores(actor), ct);
        var store = stores.FirstOrDefault(s => s.Id == order.StoreId);
        if (store is null) return false;
        Counters = [store, .. stores.Where(s => s.Id != store.Id)];
        Order = order;
        MemberPoints = await sender.Send(new O2O.Application.Loyalty.GetMemberBalance(id), ct);
        Zone = TimeZoneInfo.FindSystemTimeZoneById(store.TimeZone);
        return true;
    }
}
