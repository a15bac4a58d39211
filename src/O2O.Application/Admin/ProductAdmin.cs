using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.Domain.Tax;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

/// <param name="AgeRestricted">"ID check": the desk checks the collector's ID at hand-over. Left out (null) on an update, it stays as it is.</param>
public sealed record ProductInput(string? Sku, string? Name, string? Description, string? Category, long? PriceAmount, string? Currency,
    bool? AgeRestricted = null)
{
    /// <summary>The VAT category by name (Standard, Intermediate, Reduced, SuperReduced, Zero); left out, a new product is Standard and an edit keeps it.</summary>
    [System.ComponentModel.Description("The product's VAT category: Standard, Intermediate, Reduced, SuperReduced or Zero. Left out, a new product is Standard and an edit keeps the current one.")]
    public string? TaxCategory { get; init; }

    internal TaxCategory? ParsedTaxCategory =>
        Enum.TryParse<TaxCategory>(TaxCategory, ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(TaxCategory, out _) ? c : null;
}

/// <summary>Creates a product. Prices are integer minor units; a duplicate SKU is a field error.</summary>
public sealed record CreateProduct(ProductInput Input, Actor Actor) : ICommand<Result<AdminProduct>>;

/// <summary>Edits a product. Orders already placed keep the price they were placed at (lines copy it).</summary>
public sealed record UpdateProduct(Guid Id, ProductInput Input, Actor Actor) : ICommand<Result<AdminProduct>>;

public sealed record SetProductArchived(Guid Id, bool Archived, Actor Actor) : ICommand<Result<AdminProduct>>;

public sealed record RenameCategory(string? From, string? To, Actor Actor) : ICommand<Result<int>>;

public sealed record ListAdminProducts(string? Search = null, bool IncludeArchived = true, int Page = 1, int PageSize = 50) : IQuery<PagedResult<AdminProduct>>;

public sealed record GetAdminProduct(Guid Id) : IQuery<AdminProduct?>;

public sealed record AdminProduct(Guid Id, string Sku, string Name, string Description, string Category, MoneyDto Price, string? ImageUrl, bool IsActive,
    bool AgeRestricted, string TaxCategory)
{
    public static AdminProduct From(Product p) => new(p.Id, p.Sku, p.Name, p.Description, p.Category, new MoneyDto(p.PriceAmount, p.PriceCurrency), p.ImageUrl, p.IsActive,
        p.AgeRestricted, p.TaxCategory.ToString());
}

public sealed class ProductInputValidator : AbstractValidator<ProductInput>
{
    public ProductInputValidator()
    {
        RuleFor(x => x.Sku).NotEmpty().MaximumLength(Product.SkuMaxLength).Matches("^[A-Za-z0-9._-]+$")
            .WithMessage(_ => Messages.Admin_SkuFormat).OverridePropertyName("sku").WithName(_ => Messages.Field_Sku);
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Product.NameMaxLength).OverridePropertyName("name").WithName(_ => Messages.Field_Name);
        RuleFor(x => x.Description).MaximumLength(4000).OverridePropertyName("description").WithName(_ => Messages.Field_Description);
        RuleFor(x => x.Category).NotEmpty().MaximumLength(Product.CategoryMaxLength).OverridePropertyName("category").WithName(_ => Messages.Field_Category);
        RuleFor(x => x.PriceAmount).NotNull().GreaterThanOrEqualTo(0).WithMessage(_ => Messages.Admin_PriceNegative)
            .LessThanOrEqualTo(100_000_000).OverridePropertyName("priceAmount").WithName(_ => Messages.Field_Price);
        RuleFor(x => x.Currency).NotEmpty().Matches("^[A-Z]{3}$").WithMessage(_ => Messages.Admin_CurrencyCode)
            .OverridePropertyName("currency").WithName(_ => Messages.Field_Currency);
        RuleFor(x => x.TaxCategory).Must((input, _) => input.ParsedTaxCategory is not null).When(x => x.TaxCategory is not null)
            .WithMessage(_ => Messages.Admin_TaxCategory).OverridePropertyName("taxCategory");
    }
}

public sealed class CreateProductValidator : AbstractValidator<CreateProduct>
{
    public CreateProductValidator() => RuleFor(x => x.Input).NotNull().SetValidator(new ProductInputValidator()).OverridePropertyName("");
}

public sealed class UpdateProductValidator : AbstractValidator<UpdateProduct>
{
    public UpdateProductValidator() => RuleFor(x => x.Input).NotNull().SetValidator(new ProductInputValidator()).OverridePropertyName("");
}

public sealed class ListAdminProductsValidator : AbstractValidator<ListAdminProducts>
{
    public ListAdminProductsValidator()
    {
        RuleFor(x => x.Page).IsPage().OverridePropertyName("page");
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200).OverridePropertyName("pageSize").WithName(_ => Messages.Field_PageSize);
        RuleFor(x => x.Search).MaximumLength(200).OverridePropertyName("search").WithName(_ => Messages.Field_Search);
    }
}

public sealed class RenameCategoryValidator : AbstractValidator<RenameCategory>
{
    public RenameCategoryValidator()
    {
        RuleFor(x => x.From).NotEmpty().OverridePropertyName("from").WithName(_ => Messages.Field_FromCategory);
        RuleFor(x => x.To).NotEmpty().MaximumLength(Product.CategoryMaxLength).OverridePropertyName("to").WithName(_ => Messages.Field_ToCategory);
    }
}

public sealed class ProductAdminHandler(IAppDbContext db, TimeProvider clock) :
    ICommandHandler<CreateProduct, Result<AdminProduct>>, ICommandHandler<UpdateProduct, Result<AdminProduct>>,
    ICommandHandler<SetProductArchived, Result<AdminProduct>>, ICommandHandler<RenameCategory, Result<int>>,
    IQueryHandler<ListAdminProducts, PagedResult<AdminProduct>>, IQueryHandler<GetAdminProduct, AdminProduct?>
{
    public async ValueTask<Result<AdminProduct>> Handle(CreateProduct command, CancellationToken ct)
    {
        var i = command.Input;
        var sku = i.Sku!.Trim().ToUpperInvariant();
        if (await db.Products.AnyAsync(p => p.Sku == sku, ct)) return Error.Invalid("sku", Texts.Format(Messages.Admin_SkuUsed, sku));
        var product = new Product(Guid.CreateVersion7(), sku, i.Name!, i.Description ?? "", i.Category!, new Money(i.PriceAmount!.Value, i.Currency!), null);
        product.RestrictByAge(i.AgeRestricted == true);
        if (i.ParsedTaxCategory is { } category) product.ChangeTaxCategory(category);
        db.Products.Add(product);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "product.create", "Product", product.Id.ToString(), null, AdminProduct.From(product)));
        await db.SaveChangesAsync(ct);
        return AdminProduct.From(product);
    }

    public async ValueTask<Result<AdminProduct>> Handle(UpdateProduct command, CancellationToken ct)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == command.Id, ct);
        if (product is null) return Error.NotFound(Messages.NotFound_Product);
        var i = command.Input;
        var sku = i.Sku!.Trim().ToUpperInvariant();
        if (sku != product.Sku) return Error.Invalid("sku", Messages.Admin_SkuFixed);
        var before = AdminProduct.From(product);
        product.Rename(i.Name!, i.Description ?? "");
        product.Recategorize(i.Category!);
        product.Reprice(new Money(i.PriceAmount!.Value, i.Currency!));
        if (i.AgeRestricted is { } restricted) product.RestrictByAge(restricted);
        // Orders already placed keep the rate they were placed at (lines copy it), as they keep their price.
        if (i.ParsedTaxCategory is { } category) product.ChangeTaxCategory(category);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "product.update", "Product", product.Id.ToString(), before, AdminProduct.From(product)));
        await db.SaveChangesAsync(ct);
        return AdminProduct.From(product);
    }

    public async ValueTask<Result<AdminProduct>> Handle(SetProductArchived command, CancellationToken ct)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == command.Id, ct);
        if (product is null) return Error.NotFound(Messages.NotFound_Product);
        var before = AdminProduct.From(product);
        if (command.Archived) product.Archive(); else product.Restore();
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, command.Archived ? "product.archive" : "product.restore",
            "Product", product.Id.ToString(), before, AdminProduct.From(product)));
        await db.SaveChangesAsync(ct);
        return AdminProduct.From(product);
    }

    public async ValueTask<Result<int>> Handle(RenameCategory command, CancellationToken ct)
    {
        var products = await db.Products.Where(p => p.Category == command.From!.Trim()).ToListAsync(ct);
        if (products.Count == 0) return Error.NotFound(Messages.NotFound_Category);
        foreach (var p in products) p.Recategorize(command.To!);
        await MoveTranslationsAsync(command.From!.Trim(), command.To!.Trim(), ct);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "category.rename", "Category", command.From!,
            new { name = command.From }, new { name = command.To!.Trim(), products = products.Count }));
        await db.SaveChangesAsync(ct);
        return products.Count;
    }

    /// <summary>
    /// A category's names in other languages follow it to its new name; where it joins a category that already has a
    /// name in a language, that name stays.
    /// </summary>
    private async Task MoveTranslationsAsync(string from, string to, CancellationToken ct)
    {
        if (from == to) return;
        var moving = await db.CategoryTranslations.Where(t => t.Category == from).ToListAsync(ct);
        var named = await db.CategoryTranslations.Where(t => t.Category == to).Select(t => t.Culture).ToListAsync(ct);
        foreach (var translation in moving)
        {
            // The key is the category's name, so a rename is a new row rather than a changed key.
            db.CategoryTranslations.Remove(translation);
            if (!named.Contains(translation.Culture)) db.CategoryTranslations.Add(new CategoryTranslation(to, translation.Culture, translation.Name));
        }
    }

    public async ValueTask<PagedResult<AdminProduct>> Handle(ListAdminProducts query, CancellationToken ct)
    {
        var products = db.Products.AsNoTracking();
        if (!query.IncludeArchived) products = products.Where(p => p.IsActive);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + LikePattern.Escape(query.Search.Trim()) + "%";
            products = products.Where(p => EF.Functions.ILike(p.Name, pattern, "\\") || EF.Functions.ILike(p.Sku, pattern, "\\"));
        }
        var total = await products.CountAsync(ct);
        var page = Math.Max(1, query.Page);
        var items = await products.OrderBy(p => p.Sku).Skip((page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new PagedResult<AdminProduct>(items.Select(AdminProduct.From).ToList(), page, query.PageSize, total);
    }

    public async ValueTask<AdminProduct?> Handle(GetAdminProduct query, CancellationToken ct) =>
        await db.Products.AsNoTracking().Where(p => p.Id == query.Id).Select(p => AdminProduct.From(p)).FirstOrDefaultAsync(ct);
}
