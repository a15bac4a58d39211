using System.ComponentModel;
using FluentValidation;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Catalog;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>
/// A promotion as the admin writes it (ADR 51, 53): the page and <c>POST/PUT /api/v1/admin/promotions</c> send the same.
/// Money is minor units with its currency, as everywhere in the API; a percentage is a number such as 12.5.
/// </summary>
public sealed record PromotionInput(
    string? Name,
    PromotionKind? Kind,
    [property: Description("Percent off the goods it covers, 0.01 to 100 with at most two decimals (12.5 is 12.5 %). Only with kind PercentOff.")]
    decimal? PercentOff,
    [property: Description("The amount off, in minor units of its currency. Only with kind AmountOff.")]
    MoneyDto? AmountOff,
    [property: Description("The subtotal an order must reach; in the amount off's currency. Left out, none.")]
    MoneyDto? MinimumSubtotal,
    [property: Description("Products it covers; with categories both empty it covers every product.")]
    IReadOnlyList<Guid>? ProductIds,
    [property: Description("Catalog categories it covers, as the products name them.")]
    IReadOnlyList<string>? Categories,
    [property: Description("Stores where it can be used; empty: every store.")]
    IReadOnlyList<Guid>? StoreIds,
    [property: Description("From when, a wall-clock time without offset (2026-06-01T09:00:00) read on each store's own clock.")]
    DateTime? ValidFrom,
    [property: Description("Until when (excluded), a wall-clock time without offset read on each store's own clock.")]
    DateTime? ValidUntil,
    bool FirstOrderOnly,
    [property: Description("Uses in all; left out, no limit. Never below the uses already made.")]
    int? MaxUses,
    [property: Description("Uses per customer, counted by account and by email; a first-order promotion is always 1.")]
    int? MaxUsesPerCustomer)
{
    public const int MaxAmountMinor = 100_000_000;
    public const int MaxUsesLimit = 10_000_000;
    public const int MaxUsesPerCustomerLimit = 1_000;

    /// <summary>Create only: Shared (one code for everyone, the default) or SingleUse (batches of codes). An update keeps it.</summary>
    [Description("Create only: Shared (one code for everyone; the default) or SingleUse (batches of generated codes). An update keeps it.")]
    public PromoCodeMode? CodeMode { get; init; }

    /// <summary>Create only, Shared only: the shared code, created with the promotion in one transaction.</summary>
    [Description("Create only, Shared only: the shared code (4 to 40 letters and digits), created with the promotion.")]
    public string? Code { get; init; }

    internal int? PercentBasisPoints => PercentOff is { } p ? (int)(p * 100) : null;

    /// <summary>One currency for the amount off and the minimum; null for a percentage without a minimum (any currency).</summary>
    internal string? Currency => AmountOff?.Currency ?? MinimumSubtotal?.Currency;
}

public sealed class PromotionInputValidator : AbstractValidator<PromotionInput>
{
    public PromotionInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Promotion.NameMaxLength).OverridePropertyName("name").WithName(_ => Messages.Field_Name);
        RuleFor(x => x.Kind).NotNull().IsInEnum().OverridePropertyName("kind").WithName(_ => Messages.Field_PromotionKind);
        RuleFor(x => x.PercentOff).NotNull().OverridePropertyName("percentOff").WithName(_ => Messages.Field_PercentOff)
            .Must(p => p is null || (p >= 0.01m && p <= 100m && p * 100 == decimal.Truncate(p.Value * 100)))
            .WithMessage(_ => Messages.Promotions_PercentRange)
            .When(x => x.Kind == PromotionKind.PercentOff);
        RuleFor(x => x.PercentOff).Null().WithMessage(_ => Messages.Promotions_PercentNotForAmount).OverridePropertyName("percentOff")
            .When(x => x.Kind == PromotionKind.AmountOff);
        RuleFor(x => x.AmountOff).NotNull().OverridePropertyName("amountOff").WithName(_ => Messages.Field_AmountOff)
            .When(x => x.Kind == PromotionKind.AmountOff);
        RuleFor(x => x.AmountOff).Null().WithMessage(_ => Messages.Promotions_AmountNotForPercent).OverridePropertyName("amountOff")
            .When(x => x.Kind == PromotionKind.PercentOff);
        RuleFor(x => x.AmountOff!.Amount).InclusiveBetween(1, PromotionInput.MaxAmountMinor).OverridePropertyName("amountOff.amount")
            .WithName(_ => Messages.Field_AmountOff).When(x => x.AmountOff is not null);
        RuleFor(x => x.AmountOff!.Currency).Must(IsCurrency).WithMessage(_ => Messages.Admin_CurrencyCode).OverridePropertyName("amountOff.currency")
            .When(x => x.AmountOff is not null);
        RuleFor(x => x.MinimumSubtotal!.Amount).InclusiveBetween(1, PromotionInput.MaxAmountMinor).OverridePropertyName("minimumSubtotal.amount")
            .WithName(_ => Messages.Field_MinimumSubtotal).When(x => x.MinimumSubtotal is not null);
        RuleFor(x => x.MinimumSubtotal!.Currency).Must(IsCurrency).WithMessage(_ => Messages.Admin_CurrencyCode).OverridePropertyName("minimumSubtotal.currency")
            .When(x => x.MinimumSubtotal is not null);
        RuleFor(x => x.MinimumSubtotal!.Currency).Equal(x => x.AmountOff!.Currency).WithMessage(_ => Messages.Promotions_OneCurrency)
            .OverridePropertyName("minimumSubtotal.currency").When(x => x.MinimumSubtotal is not null && x.AmountOff is not null);
        RuleFor(x => x.ProductIds).Must(ids => ids is null || ids.Count <= Promotion.MaxProducts)
            .WithMessage(_ => Texts.Format(Messages.Promotions_TooMany, Promotion.MaxProducts)).OverridePropertyName("productIds");
        RuleFor(x => x.StoreIds).Must(ids => ids is null || ids.Count <= Promotion.MaxStores)
            .WithMessage(_ => Texts.Format(Messages.Promotions_TooMany, Promotion.MaxStores)).OverridePropertyName("storeIds");
        RuleFor(x => x.Categories).Must(c => c is null || c.Count <= Promotion.MaxCategories)
            .WithMessage(_ => Texts.Format(Messages.Promotions_TooMany, Promotion.MaxCategories)).OverridePropertyName("categories");
        RuleForEach(x => x.Categories).Must(c => !string.IsNullOrWhiteSpace(c) && c.Trim().Length <= Product.CategoryMaxLength)
            .WithMessage(_ => Messages.Promotions_CategoryName).OverridePropertyName("categories");
        RuleFor(x => x.ValidFrom).Must(WallClock).WithMessage(_ => Texts.Format(Messages.Promotions_WallClock, "validFrom")).OverridePropertyName("validFrom");
        RuleFor(x => x.ValidUntil).Must(WallClock).WithMessage(_ => Texts.Format(Messages.Promotions_WallClock, "validUntil")).OverridePropertyName("validUntil");
        RuleFor(x => x.ValidUntil).GreaterThan(x => x.ValidFrom).WithMessage(_ => Messages.Promotions_UntilAfterFrom).OverridePropertyName("validUntil")
            .When(x => x.ValidFrom is not null && x.ValidUntil is not null);
        RuleFor(x => x.MaxUses).InclusiveBetween(1, PromotionInput.MaxUsesLimit).OverridePropertyName("maxUses").WithName(_ => Messages.Field_MaxUses);
        RuleFor(x => x.MaxUsesPerCustomer).InclusiveBetween(1, PromotionInput.MaxUsesPerCustomerLimit).OverridePropertyName("maxUsesPerCustomer")
            .WithName(_ => Messages.Field_MaxUsesPerCustomer);
        RuleFor(x => x.CodeMode).IsInEnum().OverridePropertyName("codeMode").WithName(_ => Messages.Field_CodeMode);
        RuleFor(x => x.Code).Must(SharedCodes.IsValid).WithMessage(_ => Messages.Promotions_CodeFormat).OverridePropertyName("code")
            .When(x => !string.IsNullOrWhiteSpace(x.Code));
        RuleFor(x => x.Code).Empty().WithMessage(_ => Messages.Promotions_CodeOnlyShared).OverridePropertyName("code")
            .When(x => x.CodeMode == PromoCodeMode.SingleUse);
    }

    private static bool IsCurrency(string? currency) => currency is { Length: 3 } && currency.All(char.IsAsciiLetterUpper);

    /// <summary>
    /// The dates are read on each store's clock, so a time with an offset or a Z would mean one instant everywhere, which
    /// the promotion can't hold; JSON parses such a time to a UTC or local DateTime, which is how it is told apart.
    /// </summary>
    private static bool WallClock(DateTime? time) =>
        time is not { } t || (t.Kind == DateTimeKind.Unspecified && t >= InputBounds.MinInstant.DateTime && t <= InputBounds.MaxInstant.DateTime);
}

/// <summary>What an admin-chosen shared code must be: the foundation's rule (ADR 51), said once for the validators.</summary>
public static class SharedCodes
{
    public static bool IsValid(string? code)
    {
        var normalized = PromoCodes.Normalize(code);
        return normalized.Length is >= PromoCodes.MinSharedLength and <= PromoCode.MaxLength && !normalized.Contains('?', StringComparison.Ordinal)
            && code!.Trim().Length <= PromoCode.MaxLength + 10;
    }
}
