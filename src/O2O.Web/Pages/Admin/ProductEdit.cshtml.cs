using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Web.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin;

public sealed class ProductEditModel(ISender sender) : AdminPage(sender)
{
    [BindProperty] public ProductInput Input { get; set; } = new(null, null, null, null, null, "EUR");

    /// <summary>The price as the admin types it, in the currency's units ("12.50"); the use case takes minor units.</summary>
    [BindProperty] public string? Price { get; set; }

    public Guid? Id { get; private set; }
    public string? ImageUrl { get; private set; }
    public bool IsActive { get; private set; } = true;

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Input = Input with { PriceAmount = CurrencyUnits.ToMinor(Price, Input.Currency?.Trim().ToUpperInvariant()) };
        if (!string.IsNullOrWhiteSpace(Price) && Input.PriceAmount is null)
        {
            var decimals = CurrencyUnits.Decimals(Input.Currency?.Trim().ToUpperInvariant());
            ModelState.AddModelError("priceAmount", decimals == 0
                ? AdminTexts.Product_PriceWhole
                : Plural.Format(AdminTexts.ResourceManager, nameof(AdminTexts.Product_PriceDecimals_other), decimals,
                    CurrencyUnits.ToMajor(1250 * (long)Math.Pow(10, decimals - 2), Input.Currency)));
            Id = id;
            return Page();
        }
        var saved = id is { } existing
            ? await TrySendAsync(new UpdateProduct(existing, Input, User.ToActor()), ct)
            : await TrySendAsync(new CreateProduct(Input, User.ToActor()), ct);
        if (saved is null)
        {
            Id = id;
            return Page();
        }
        return Done(string.Format(AdminTexts.Saved, saved.Sku), $"/admin/products/edit/{saved.Id}");
    }

    public async Task<IActionResult> OnPostImageAsync(Guid id, IFormFile? image, CancellationToken ct)
    {
        byte[] content = [];
        if (image is { Length: > 0 and <= O2O.Application.Admin.ProductImagesHandler.MaxBytes })
        {
            using var buffer = new MemoryStream();
            await image.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        else if (image is { Length: > 0 }) content = new byte[O2O.Application.Admin.ProductImagesHandler.MaxBytes + 1];
        var saved = await TrySendAsync(new UploadProductImage(id, content, User.ToActor()), ct);
        if (saved is null) return await LoadAsync(id, ct) ? Page() : NotFound();
        return Done(AdminTexts.Product_ImageUploaded, $"/admin/products/edit/{id}");
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, bool archived, CancellationToken ct)
    {
        var saved = await TrySendAsync(new SetProductArchived(id, archived, User.ToActor()), ct);
        return saved is null ? NotFound() : Done(archived ? AdminTexts.Product_Archived : AdminTexts.Product_Restored, $"/admin/products/edit/{id}");
    }

    private async Task<bool> LoadAsync(Guid? id, CancellationToken ct)
    {
        if (id is null) return true;
        var product = await Sender.Send(new GetAdminProduct(id.Value), ct);
        if (product is null) return false;
        Id = product.Id;
        ImageUrl = product.ImageUrl;
        IsActive = product.IsActive;
        if (ModelState.IsValid)
        {
            Input = new ProductInput(product.Sku, product.Name, product.Description, product.Category, product.Price.Amount, product.Price.Currency, product.AgeRestricted)
            {
                TaxCategory = product.TaxCategory,
            };
            Price = CurrencyUnits.ToMajor(product.Price.Amount, product.Price.Currency);
        }
        return true;
    }
}
