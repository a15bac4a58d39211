using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Catalog;

namespace O2O.Web.Pages.Admin;

/// <summary>Printable QR labels for a store's shelves, 24 to an A4 sheet; each opens the product at this store.</summary>
public sealed class ShelfLabelsModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }

    public ShelfLabels Labels { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await Sender.Send(new ListShelfLabels(id, Category, Math.Max(1, PageNumber)), ct) is not { } labels) return NotFound();
        Labels = labels;
        return Page();
    }

    /// <summary>The label's short link on this site's public address (forwarded headers make it the shoppers' one).</summary>
    public string LinkFor(ShelfLabel label) =>
        $"{Request.Scheme}://{Request.Host}{Request.PathBase}/s/{Uri.EscapeDataString(Labels.StoreCode)}/p/{Uri.EscapeDataString(label.Sku)}";
}
