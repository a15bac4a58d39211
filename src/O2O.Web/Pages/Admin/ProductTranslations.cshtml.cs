using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Localization;
using O2O.Web.Infrastructure;
using O2O.Web.Localization;

namespace O2O.Web.Pages.Admin;

/// <summary>A product's name and description in each of the shop's other languages, one form per language.</summary>
public sealed class ProductTranslationsModel(ISender sender) : AdminPage(sender)
{
    public ProductTranslations Product { get; private set; } = null!;

    /// <summary>The language whose form was sent and refused, shown again with what was typed.</summary>
    public string? Posted { get; private set; }
    public string? Name { get; private set; }
    public string? Description { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(Guid id, string? culture, string? name, string? description, CancellationToken ct)
    {
        var saved = await TrySendAsync(new TranslateProduct(id, culture, name, description, User.ToActor()), ct);
        if (saved is not null) return Done(string.Format(CatalogAdmin.Saved, Cultures.NativeName(saved.Culture)), PageUrl(id));
        (Posted, Name, Description) = (culture, name, description);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, string? culture, CancellationToken ct)
    {
        var removed = await TrySendAsync(new RemoveProductTranslation(id, culture, User.ToActor()), ct);
        if (removed) return Done(string.Format(CatalogAdmin.Removed, Cultures.NativeName(culture!)), PageUrl(id));
        Posted = culture;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private static string PageUrl(Guid id) => $"/admin/products/{id}/translations";

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await Sender.Send(new GetProductTranslations(id), ct) is not { } product) return false;
        Product = product;
        return true;
    }
}
