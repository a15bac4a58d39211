using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Stores;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Admin;

public sealed class StockModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public Guid? StoreId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public IReadOnlyList<StoreSummary> Stores { get; private set; } = [];
    public IReadOnlyList<StockRow> Rows { get; private set; } = [];
    public StockImportResult? Import { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stores = (await Sender.Send(new ListStores(), ct)).OrderBy(s => s.Code).ToList();
        StoreId ??= Stores.FirstOrDefault()?.Id;
        if (StoreId is { } id) Rows = await Sender.Send(new ListStoreStock(id, Search), ct) ?? [];
    }

    public async Task<IActionResult> OnPostSetAsync(Guid productId, int onHand, CancellationToken ct)
    {
        var saved = await TrySendAsync(new SetStock(StoreId ?? Guid.Empty, productId, onHand, User.ToActor()), ct);
        if (saved is null)
        {
            await OnGetAsync(ct);
            return Page();
        }
        return Done($"On hand set to {saved.OnHand} ({saved.Reserved} reserved).", $"/admin/stock?storeId={StoreId}&search={Uri.EscapeDataString(Search ?? "")}");
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) ModelState.AddModelError("file", "Choose a CSV file.");
        else if (file.Length > 5 * 1024 * 1024) ModelState.AddModelError("file", "A CSV file is at most 5 MB.");
        else
        {
            using var reader = new StreamReader(file.OpenReadStream());
            Import = await TrySendAsync(new ImportStockCsv(await reader.ReadToEndAsync(ct), file.FileName, User.ToActor()), ct);
        }
        await OnGetAsync(ct);
        return Page();
    }
}
