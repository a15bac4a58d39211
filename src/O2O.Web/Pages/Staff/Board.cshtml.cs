using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;
using StaffText = O2O.Web.Localization.Staff;

namespace O2O.Web.Pages.Staff;

public sealed class BoardModel(ISender sender, TimeProvider clock) : PageModel
{
    /// <summary>How long an arrived shopper has waited is counted on the app's clock.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    [BindProperty(SupportsGet = true)] public DateOnly? Date { get; set; }

    /// <summary>Time left before a collect-now order is due, as m:ss: digits only, the same in every language.</summary>
    public static string Clock(int seconds) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");

    /// <summary>The ticking part of a collect-now card: collect-now-countdown.js counts it down from these seconds.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Countdown(int seconds) => new Microsoft.AspNetCore.Html.HtmlString(
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<span data-seconds-left=\"{seconds}\">{Clock(seconds)}</span>"));

    public StoreDay Day { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid storeId, CancellationToken ct) =>
        await LoadAsync(storeId, ct) ? Page() : NotFound();

    /// <summary>The board's columns alone, for live-board.js to swap in after a change: the same data and rules as the page.</summary>
    public async Task<IActionResult> OnGetFragmentAsync(Guid storeId, CancellationToken ct) =>
        await LoadAsync(storeId, ct) ? Partial("_Board", this) : NotFound();

    private async Task<bool> LoadAsync(Guid storeId, CancellationToken ct)
    {
        var day = await this.SendOrReportAsync<StoreDay>(sender, new ListStoreOrders(storeId, Date, null, User.ToActor()), ct);
        // A date out of range is reported above the board, which shows today instead.
        if (day is null && !ModelState.IsValid) day = await sender.Send(new ListStoreOrders(storeId, Date = null, null, User.ToActor()), ct);
        if (day is null) return false;
        Day = day;
        return true;
    }

    public async Task<IActionResult> OnPostReadyAsync(Guid storeId, Guid orderId, CancellationToken ct)
    {
        var result = await sender.Send(new MarkOrderReady(orderId, User.ToActor()), ct);
        if (result.Error is { Kind: O2O.Application.Common.ErrorKind.NotFound }) return NotFound();
        TempData["Message"] = result.IsSuccess ? string.Format(StaffText.OrderReady, result.Value!.Number) : result.Error!.Message;
        return RedirectToPage(new { storeId, date = Date is { } d ? Desk.IsoDate(d) : null });
    }
}
