using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;
using StaffText = O2O.Web.Localization.Staff;

namespace O2O.Web.Pages.Staff;

public sealed class HandoverModel(ISender sender) : PageModel
{
    public string? Query { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid storeId, CancellationToken ct) =>
        (await sender.Send(new ListStaffStores(User.ToActor()), ct)).Any(s => s.Id == storeId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid storeId, string? query, CancellationToken ct)
    {
        Query = query;
        if (string.IsNullOrWhiteSpace(query))
        {
            ModelState.AddModelError("query", StaffText.HandoverQueryRequired);
            return Page();
        }
        var found = await sender.Send(new FindOrderForHandover(storeId, query, User.ToActor()), ct);
        if (found.Error is { Code: "not_found" }) return NotFound();
        if (found.Error is { } error)
        {
            ModelState.AddModelError("query", error.Message);
            return Page();
        }
        // A match on the pickup code has verified it already: carry it to the order so one tap hands it over.
        return Redirect($"/staff/orders/{found.Value}?code={Uri.EscapeDataString(query.Trim().ToUpperInvariant())}");
    }
}
