using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Stores;
using O2O.Web.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin;

public sealed class StockModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public Guid? StoreId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public IReadOnlyList<StoreSummary> Stores { get; private set; } = [];
    public IReadOnlyList<StockRow> Rows { get; private set; } = [];
    public StockImportResult? Import { get; private set; }

    /// <summary>The header a stock CSV must have, as the import reads it.</summary>
    public static string Columns { get; } = string.Join(",", ImportStockCsvHandler.Header);

    /// <summary>
    /// Why a row was rejected, in the reader's language: the page words the codes stock sync answers with; a code added
    /// there later shows the import's own (English) message until it is worded here.
    /// </summary>
    public static string? Reason(StockImportRow row) => row.Reason switch
    {
        StockImportReasons.WrongFieldCount => AdminTexts.ImportReason_WrongFieldCount,
        StockImportReasons.InvalidOnHand => AdminTexts.ImportReason_InvalidOnHand,
        "unknown_store" => AdminTexts.ImportReason_UnknownStore,
        "unknown_sku" => AdminTexts.ImportReason_UnknownSku,
        "missing_on_hand" => AdminTexts.ImportReason_MissingOnHand,
        "negative_on_hand" => AdminTexts.ImportReason_NegativeOnHand,
        "below_reserved" => AdminTexts.ImportReason_BelowReserved,
        _ => row.Message,
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stores = (await Sender.Send(new ListStores { FromPrimary = true }, ct)).OrderBy(s => s.Code).ToList();
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
        return Done(string.Format(AdminTexts.Stock_SetDone, saved.OnHand, saved.Reserved), $"/admin/stock?storeId={StoreId}&search={Uri.EscapeDataString(Search ?? "")}");
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) ModelState.AddModelError("file", AdminTexts.Stock_ChooseFile);
        else if (file.Length > 5 * 1024 * 1024) ModelState.AddModelError("file", AdminTexts.Stock_FileTooLarge);
        else
        {
            using var reader = new StreamReader(file.OpenReadStream());
            Import = await TrySendAsync(new ImportStockCsv(await reader.ReadToEndAsync(ct), file.FileName, User.ToActor()), ct);
        }
        await OnGetAsync(ct);
        return Page();
    }
}
