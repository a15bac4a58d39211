using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Catalog;

namespace O2O.Application.Admin;

/// <summary>A product's texts in every language the shop speaks, as the admin edits them.</summary>
public sealed record GetProductTranslations(Guid ProductId) : IQuery<ProductTranslations?>;

public sealed record ProductTranslations(Guid ProductId, string Sku, string Name, string Description, IReadOnlyList<ProductTranslationView> Translations);

public sealed record ProductTranslationView(string Culture, string Name, string Description);

/// <summary>Sets a product's name and description in one language (not the catalog's own); the same call again replaces them.</summary>
public sealed record TranslateProduct(Guid ProductId, string? Culture, string? Name, string? Description, Actor Actor)
    : ICommand<Result<ProductTranslationView>>;

public sealed record RemoveProductTranslation(Guid ProductId, string? Culture, Actor Actor) : ICommand<Result<bool>>;

/// <summary>Every category with its name in each language where one was entered.</summary>
public sealed record ListCategoryTranslations : IQuery<IReadOnlyList<CategoryTranslations>>;

public sealed record CategoryTranslations(string Category, int ProductCount, IReadOnlyList<CategoryTranslationView> Translations);

public sealed record CategoryTranslationView(string Culture, string Name);

public sealed record TranslateCategory(string? Category, string? Culture, string? Name, Actor Actor) : ICommand<Result<CategoryTranslationView>>;

public sealed record RemoveCategoryTranslation(string? Category, string? Culture, Actor Actor) : ICommand<Result<bool>>;

/// <summary>The languages a translation may be in: all the shop speaks but its own.</summary>
public static class TranslationLanguages
{
    public static IReadOnlyList<string> All { get; } = Cultures.Supported.Where(c => c != Cultures.Default).ToList();

    public static bool Contains(string? culture) => culture is not null && All.Contains(culture);

    internal static IRuleBuilderOptions<T, string?> IsTranslationLanguage<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Contains).WithMessage(_ => string.Format(CatalogTexts.TranslationLanguageInvalid, string.Join(", ", All)));
}

public sealed class TranslateProductValidator : AbstractValidator<TranslateProduct>
{
    public TranslateProductValidator()
    {
        RuleFor(x => x.Culture).IsTranslationLanguage().OverridePropertyName("culture");
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => CatalogTexts.TranslationNameRequired)
            .MaximumLength(Product.NameMaxLength).WithMessage(_ => string.Format(CatalogTexts.TranslationNameTooLong, Product.NameMaxLength))
            .OverridePropertyName("name");
        RuleFor(x => x.Description).MaximumLength(Product.DescriptionMaxLength)
            .WithMessage(_ => string.Format(CatalogTexts.TranslationDescriptionTooLong, Product.DescriptionMaxLength)).OverridePropertyName("description");
    }
}

public sealed class RemoveProductTranslationValidator : AbstractValidator<RemoveProductTranslation>
{
    public RemoveProductTranslationValidator() => RuleFor(x => x.Culture).IsTranslationLanguage().OverridePropertyName("culture");
}

public sealed class TranslateCategoryValidator : AbstractValidator<TranslateCategory>
{
    public TranslateCategoryValidator()
    {
        RuleFor(x => x.Category).NotEmpty().MaximumLength(Product.CategoryMaxLength).OverridePropertyName("category");
        RuleFor(x => x.Culture).IsTranslationLanguage().OverridePropertyName("culture");
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => CatalogTexts.TranslationNameRequired)
            .MaximumLength(Product.CategoryMaxLength).WithMessage(_ => string.Format(CatalogTexts.TranslationNameTooLong, Product.CategoryMaxLength))
            .OverridePropertyName("name");
    }
}

public sealed class RemoveCategoryTranslationValidator : AbstractValidator<RemoveCategoryTranslation>
{
    public RemoveCategoryTranslationValidator()
    {
        RuleFor(x => x.Category).NotEmpty().MaximumLength(Product.CategoryMaxLength).OverridePropertyName("category");
        RuleFor(x => x.Culture).IsTranslationLanguage().OverridePropertyName("culture");
    }
}

public sealed class CatalogTranslationsHandler(IAppDbContext db, TimeProvider clock) :
    IQueryHandler<GetProductTranslations, ProductTranslations?>,
    ICommandHandler<TranslateProduct, Result<ProductTranslationView>>,
    ICommandHandler<RemoveProductTranslation, Result<bool>>,
    IQueryHandler<ListCategoryTranslations, IReadOnlyList<CategoryTranslations>>,
    ICommandHandler<TranslateCategory, Result<CategoryTranslationView>>,
    ICommandHandler<RemoveCategoryTranslation, Result<bool>>
{
    public async ValueTask<ProductTranslations?> Handle(GetProductTranslations query, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().Include(p => p.Translations).FirstOrDefaultAsync(p => p.Id == query.ProductId, ct);
        return product is null ? null : new ProductTranslations(product.Id, product.Sku, product.Name, product.Description,
            product.Translations.OrderBy(t => Order(t.Culture)).Select(t => new ProductTranslationView(t.Culture, t.Name, t.Description)).ToList());
    }

    public async ValueTask<Result<ProductTranslationView>> Handle(TranslateProduct command, CancellationToken ct)
    {
        var product = await db.Products.Include(p => p.Translations).FirstOrDefaultAsync(p => p.Id == command.ProductId, ct);
        if (product is null) return new Error(ErrorKind.NotFound, "not_found", CatalogTexts.ProductNotFound);
        var before = product.Translations.FirstOrDefault(t => t.Culture == command.Culture) is { } old ? new ProductTranslationView(old.Culture, old.Name, old.Description) : null;
        product.Translate(command.Culture!, command.Name!, command.Description);
        var after = product.Translations.First(t => t.Culture == command.Culture);
        var view = new ProductTranslationView(after.Culture, after.Name, after.Description);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "product.translate", "Product", product.Id.ToString(), before, view));
        return await SaveAsync(view, ct);
    }

    public async ValueTask<Result<bool>> Handle(RemoveProductTranslation command, CancellationToken ct)
    {
        var product = await db.Products.Include(p => p.Translations).FirstOrDefaultAsync(p => p.Id == command.ProductId, ct);
        if (product is null) return new Error(ErrorKind.NotFound, "not_found", CatalogTexts.ProductNotFound);
        var old = product.Translations.FirstOrDefault(t => t.Culture == command.Culture);
        if (old is null || !product.RemoveTranslation(command.Culture!)) return new Error(ErrorKind.NotFound, "not_found", CatalogTexts.TranslationNotFound);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "product.untranslate", "Product", product.Id.ToString(),
            new ProductTranslationView(old.Culture, old.Name, old.Description), null));
        return await SaveAsync(true, ct);
    }

    public async ValueTask<IReadOnlyList<CategoryTranslations>> Handle(ListCategoryTranslations query, CancellationToken ct)
    {
        var categories = await db.Products.AsNoTracking().GroupBy(p => p.Category).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var translations = (await db.CategoryTranslations.AsNoTracking().ToListAsync(ct)).ToLookup(t => t.Category);
        return categories.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CategoryTranslations(c.Key, c.Count,
                translations[c.Key].OrderBy(t => Order(t.Culture)).Select(t => new CategoryTranslationView(t.Culture, t.Name)).ToList()))
            .ToList();
    }

    public async ValueTask<Result<CategoryTranslationView>> Handle(TranslateCategory command, CancellationToken ct)
    {
        var category = command.Category!.Trim();
        if (!await db.Products.AnyAsync(p => p.Category == category, ct)) return new Error(ErrorKind.NotFound, "not_found", CatalogTexts.CategoryNotFound);
        var translation = await db.CategoryTranslations.FirstOrDefaultAsync(t => t.Category == category && t.Culture == command.Culture, ct);
        var before = translation is null ? null : new CategoryTranslationView(translation.Culture, translation.Name);
        if (translation is null) db.CategoryTranslations.Add(translation = new CategoryTranslation(category, command.Culture!, command.Name!));
        else translation.Rename(command.Name!);
        var view = new CategoryTranslationView(translation.Culture, translation.Name);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "category.translate", "Category", category, before, view));
        return await SaveAsync(view, ct);
    }

    public async ValueTask<Result<bool>> Handle(RemoveCategoryTranslation command, CancellationToken ct)
    {
        var category = command.Category!.Trim();
        var translation = await db.CategoryTranslations.FirstOrDefaultAsync(t => t.Category == category && t.Culture == command.Culture, ct);
        if (translation is null) return new Error(ErrorKind.NotFound, "not_found", CatalogTexts.TranslationNotFound);
        db.CategoryTranslations.Remove(translation);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "category.untranslate", "Category", category,
            new CategoryTranslationView(translation.Culture, translation.Name), null));
        return await SaveAsync(true, ct);
    }

    /// <summary>
    /// Two admins adding the same language at once both insert: the key (product or category, language) lets one
    /// in and refuses the other, who is told to reload rather than shown an error page.
    /// </summary>
    private async Task<Result<T>> SaveAsync<T>(T value, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return value;
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return new Error(ErrorKind.Conflict, "translation_conflict", CatalogTexts.TranslationChangedMeanwhile);
        }
    }

    private static int Order(string culture) => Cultures.Supported.ToList().IndexOf(culture);
}
