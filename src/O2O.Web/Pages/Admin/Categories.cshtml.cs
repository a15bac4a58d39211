using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Web.Infrastructure;
using O2O.Web.Localization;

namespace O2O.Web.Pages.Admin;

/// <summary>Each category's name in the shop's other languages; an emptied name removes that language's.</summary>
public sealed class CategoriesModel(ISender sender) : AdminPage(sender)
{
    public IReadOnlyList<CategoryTranslations> Categories { get; private set; } = [];

    public string? Posted { get; private set; }
    public Dictionary<string, string?> Names { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Categories = await Sender.Send(new ListCategoryTranslations(), ct);

    public async Task<IActionResult> OnPostAsync(string? category, Dictionary<string, string?>? names, CancellationToken ct)
    {
        Categories = await Sender.Send(new ListCategoryTranslations(), ct);
        var current = Categories.FirstOrDefault(c => c.Category == category);
        if (current is null) return NotFound();
        foreach (var culture in TranslationLanguages.All)
        {
            var name = names?.GetValueOrDefault(culture)?.Trim();
            var had = current.Translations.FirstOrDefault(t => t.Culture == culture)?.Name;
            if (string.IsNullOrEmpty(name))
            {
                if (had is not null) await TrySendAsync(new RemoveCategoryTranslation(category, culture, User.ToActor()), ct);
            }
            else if (name != had) await TrySendAsync(new TranslateCategory(category, culture, name, User.ToActor()), ct);
            if (!ModelState.IsValid) break;
        }
        if (ModelState.IsValid) return Done(string.Format(CatalogAdmin.CategorySaved, category), "/admin/categories");
        (Posted, Names) = (category, names ?? []);
        Categories = await Sender.Send(new ListCategoryTranslations(), ct);
        return Page();
    }
}
