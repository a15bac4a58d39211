using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Promotions;
using O2O.Web.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin.Promotions;

/// <summary>One promotion, its codes and its redemptions; pause, resume, add the shared code, generate a batch, download the codes.</summary>
public sealed class DetailsModel(ISender sender) : AdminPage(sender)
{
    public PromotionView Promotion { get; private set; } = null!;
    public PromotionChoices Choices { get; private set; } = new([], [], []);
    public PagedResult<PromoCodeView> Codes { get; private set; } = new([], 1, 100, 0);
    public PagedResult<RedemptionView> Redemptions { get; private set; } = new([], 1, 50, 0);

    [BindProperty(SupportsGet = true)] public int CodesPage { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public int UsesPage { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct) =>
        await Sender.Send(new ExportPromoCodes(id), ct) is { } csv
            ? File(Encoding.UTF8.GetBytes(csv.Content), "text/csv; charset=utf-8", csv.FileName)
            : NotFound();

    public async Task<IActionResult> OnPostPauseAsync(Guid id, bool paused, CancellationToken ct)
    {
        var saved = await TrySendAsync(new SetPromotionPaused(id, paused, User.ToActor()), ct);
        return saved is null ? NotFound() : Done(paused ? AdminTexts.Promotions_PausedDone : AdminTexts.Promotions_ResumedDone, $"/admin/promotions/{id}");
    }

    public async Task<IActionResult> OnPostCodeAsync(Guid id, string? code, CancellationToken ct)
    {
        ModelState.Clear();
        var added = await TrySendAsync(new AddSharedPromoCode(id, code, User.ToActor()), ct);
        if (added is null) return await LoadAsync(id, ct) ? Page() : NotFound();
        return Done(string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_CodeAdded, added.Codes[0].Code), $"/admin/promotions/{id}");
    }

    public async Task<IActionResult> OnPostGenerateAsync(Guid id, int? count, CancellationToken ct)
    {
        ModelState.Clear();
        var added = await TrySendAsync(new GeneratePromoCodes(id, count ?? 0, User.ToActor()), ct);
        if (added is null) return await LoadAsync(id, ct) ? Page() : NotFound();
        return Done(Plural.Format(AdminTexts.ResourceManager, nameof(AdminTexts.Promotions_Generated_other), added.Count), $"/admin/promotions/{id}");
    }

    public string StoreName(Guid id) => Choices.Stores.FirstOrDefault(s => s.Id == id)?.Name ?? id.ToString();

    public string ProductName(Guid id) => Choices.Products.FirstOrDefault(p => p.Id == id) is { } p ? $"{p.Name} · {p.Sku}" : id.ToString();

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await Sender.Send(new GetPromotion(id), ct) is not { } promotion) return false;
        Promotion = promotion;
        Choices = await Sender.Send(new GetPromotionChoices(), ct);
        CodesPage = Math.Clamp(CodesPage, 1, InputBounds.MaxPage);
        UsesPage = Math.Clamp(UsesPage, 1, InputBounds.MaxPage);
        Codes = (await Sender.Send(new ListPromoCodes(id, CodesPage), ct))!;
        Redemptions = (await Sender.Send(new ListPromoRedemptions(id, UsesPage), ct))!;
        return true;
    }
}
