using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Common;
using O2O.Application.Promotions;
using O2O.Domain.Promotions;
using O2O.Web.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin.Promotions;

/// <summary>
/// Creates or edits a promotion: the same use cases as POST and PUT /api/v1/admin/promotions. Amounts are typed in the
/// currency's units ("5.00") and dates as local date-times read on each store's clock; the use cases take minor units and
/// wall-clock times, and speak for the fields by their API names.
/// </summary>
public sealed class EditModel(ISender sender) : AdminPage(sender)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];

    /// <summary>The API's names of the money fields, under which the use case reports them.</summary>
    public const string AmountField = "amountOff.amount", AmountCurrencyField = "amountOff.currency",
        MinimumField = "minimumSubtotal.amount", MinimumCurrencyField = "minimumSubtotal.currency";

    [BindProperty] public PromotionForm Form { get; set; } = new();

    public Guid? Id { get; private set; }
    public PromotionChoices Choices { get; private set; } = new([], [], []);

    public sealed class PromotionForm
    {
        public string? Name { get; set; }
        public PromotionKind Kind { get; set; } = PromotionKind.PercentOff;
        public string? PercentOff { get; set; }
        public string? AmountOff { get; set; }
        public string? Currency { get; set; } = "EUR";
        public string? MinimumSubtotal { get; set; }
        public List<Guid> ProductIds { get; set; } = [];
        public List<string> Categories { get; set; } = [];
        public List<Guid> StoreIds { get; set; } = [];
        public string? ValidFrom { get; set; }
        public string? ValidUntil { get; set; }
        public bool FirstOrderOnly { get; set; }
        public int? MaxUses { get; set; }
        public int? MaxUsesPerCustomer { get; set; }
        public PromoCodeMode CodeMode { get; set; } = PromoCodeMode.Shared;
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Choices = await Sender.Send(new GetPromotionChoices(), ct);
        if (id is null) return Page();
        var p = await Sender.Send(new GetPromotion(id.Value), ct);
        if (p is null) return NotFound();
        Id = p.Id;
        var currency = p.AmountOff?.Currency ?? p.MinimumSubtotal?.Currency ?? "EUR";
        Form = new PromotionForm
        {
            Name = p.Name, Kind = p.Kind, PercentOff = p.PercentOff?.ToString("0.##", CultureInfo.InvariantCulture),
            AmountOff = p.AmountOff is { } off ? CurrencyUnits.ToMajor(off.Amount, off.Currency) : null, Currency = currency,
            MinimumSubtotal = p.MinimumSubtotal is { } min ? CurrencyUnits.ToMajor(min.Amount, min.Currency) : null,
            ProductIds = [.. p.ProductIds], Categories = [.. p.Categories], StoreIds = [.. p.StoreIds],
            ValidFrom = Local(p.ValidFrom), ValidUntil = Local(p.ValidUntil), FirstOrderOnly = p.FirstOrderOnly,
            MaxUses = p.MaxUses, MaxUsesPerCustomer = p.MaxUsesPerCustomer, CodeMode = p.CodeMode,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        ModelState.Clear(); // the use case's validator speaks for the fields, by their API names
        Id = id;
        var input = Read();
        PromotionView? saved = null;
        if (ModelState.IsValid)
            saved = id is { } existing
                ? await TrySendAsync(new UpdatePromotion(existing, input, User.ToActor()), ct)
                : await TrySendAsync(new CreatePromotion(input, User.ToActor()), ct);
        if (saved is null)
        {
            Choices = await Sender.Send(new GetPromotionChoices(), ct);
            return Page();
        }
        return Done(string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_Saved, saved.Name), $"/admin/promotions/{saved.Id}");
    }

    /// <summary>The form as the use case's input; what can't even be read as a number or a time is a message beside its field.</summary>
    private PromotionInput Read()
    {
        var f = Form;
        var currency = string.IsNullOrWhiteSpace(f.Currency) ? null : f.Currency.Trim().ToUpperInvariant();
        var percent = f.Kind == PromotionKind.PercentOff ? Number(f.PercentOff, "percentOff") : null;
        var amount = f.Kind == PromotionKind.AmountOff ? Money(f.AmountOff, currency, AmountField) : null;
        var minimum = Money(f.MinimumSubtotal, currency, MinimumField);
        return new PromotionInput(f.Name, f.Kind, percent, amount, minimum, f.ProductIds, f.Categories, f.StoreIds,
            Time(f.ValidFrom, "validFrom"), Time(f.ValidUntil, "validUntil"), f.FirstOrderOnly, f.MaxUses, f.MaxUsesPerCustomer)
        {
            CodeMode = Id is null ? f.CodeMode : null,
            Code = Id is null && f.CodeMode == PromoCodeMode.Shared && !string.IsNullOrWhiteSpace(f.Code) ? f.Code : null,
        };
    }

    private decimal? Number(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return value;
        ModelState.AddModelError(field, AdminTexts.Promotions_PercentFormat);
        return null;
    }

    private MoneyDto? Money(string? text, string? currency, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (CurrencyUnits.ToMinor(text, currency) is { } minor) return new MoneyDto(minor, currency ?? "");
        ModelState.AddModelError(field, string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_AmountFormat,
            CurrencyUnits.ToMajor(5 * (long)Math.Pow(10, CurrencyUnits.Decimals(currency)), currency)));
        return null;
    }

    private DateTime? Time(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        ModelState.AddModelError(field, AdminTexts.Promotions_DateFormat);
        return null;
    }

    private static string? Local(DateTime? time) => time?.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
