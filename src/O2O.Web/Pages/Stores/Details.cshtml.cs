using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Stores;

namespace O2O.Web.Pages.Stores;

public sealed class DetailsModel(ISender sender) : PageModel
{
    public StoreDetails Store { get; private set; } = null!;

    public IEnumerable<DayOfWeek> Week =>
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var store = await sender.Send(new GetStore(id), ct);
        if (store is null) return NotFound();
        Store = store;
        return Page();
    }
}
