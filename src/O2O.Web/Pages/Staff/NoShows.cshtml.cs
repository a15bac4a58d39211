using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;
using StaffText = O2O.Web.Localization.Staff;

namespace O2O.Web.Pages.Staff;

public sealed class NoShowsModel(ISender sender) : PageModel
{
    public OverdueOrders Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid storeId, CancellationToken ct)
    {
        var data = await sender.Send(new ListOverdueOrders(storeId, User.ToActor()), ct);
        if (data is null) return NotFound();
        Data = data;
        return Page();
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid storeId, Guid orderId, CancellationToken ct)
    {
        var result = await sender.Send(new ReleaseNoShow(orderId, User.ToActor()), ct);
        if (result.Error is { Kind: O2O.Application.Common.ErrorKind.NotFound }) return NotFound();
        TempData["Message"] = result.IsSuccess ? string.Format(StaffText.ReleasedRefunded, result.Value!.Number) : result.Error!.Message;
        return RedirectToPage(new { storeId });
    }
}
