using System.Globalization;
using O2O.Application.Localization;
using O2O.Application.Promotions;
using O2O.Domain.Promotions;
using AdminTexts = O2O.Web.Localization.Admin;

namespace O2O.Web.Pages.Admin.Promotions;

/// <summary>How the promotion pages word the codes and values the use cases return (ADR 39: codes stay in the read models).</summary>
public static class PromotionTexts
{
    public static string Discount(PromotionView p) => p.Kind == PromotionKind.PercentOff
        ? string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_PercentValue, p.PercentOff!.Value.ToString("0.##", CultureInfo.CurrentCulture))
        : string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_AmountValue, Formats.Money(p.AmountOff!));

    public static string State(PromotionView p) => p.State switch
    {
        PromotionState.Active when !p.InForceEverywhere => AdminTexts.Promotions_State_ActiveSomeStores,
        PromotionState.Active => AdminTexts.Promotions_State_Active,
        PromotionState.Paused => AdminTexts.Promotions_State_Paused,
        PromotionState.Scheduled => AdminTexts.Promotions_State_Scheduled,
        _ => AdminTexts.Promotions_State_Ended,
    };

    public static string StateBadge(PromotionView p) => p.State switch
    {
        PromotionState.Active => "ok",
        PromotionState.Paused => "warn",
        _ => "",
    };

    /// <summary>A wall-clock time with no zone: the date and time in the reader's culture, read on each store's clock.</summary>
    public static string WallClock(DateTime time) =>
        string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_DateTime, AdminFormats.DateWithoutWeekday(DateOnly.FromDateTime(time)),
            Formats.Time(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Unspecified), TimeSpan.Zero)));

    public static string Dates(PromotionView p) => (p.ValidFrom, p.ValidUntil) switch
    {
        ({ } from, { } until) => string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_Between, WallClock(from), WallClock(until)),
        ({ } from, null) => string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_From, WallClock(from)),
        (null, { } until) => string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_Until, WallClock(until)),
        _ => AdminTexts.Promotions_Always,
    };

    public static string Uses(PromotionView p) => p.MaxUses is { } max
        ? string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_UsesOf, Formats.Number(p.Uses), Formats.Number(max))
        : string.Format(CultureInfo.CurrentCulture, AdminTexts.Promotions_UsesUnlimited, Formats.Number(p.Uses));

    public static string Codes(PromotionView p) => p.CodeMode == PromoCodeMode.Shared
        ? p.SharedCode ?? AdminTexts.Promotions_NoCode
        : Plural.Format(AdminTexts.ResourceManager, nameof(AdminTexts.Promotions_CodeCount_other), p.CodeCount);

    public static string CodeMode(PromoCodeMode mode) =>
        mode == PromoCodeMode.Shared ? AdminTexts.Promotions_CodeMode_Shared : AdminTexts.Promotions_CodeMode_SingleUse;

    public static string Channel(RedemptionChannel channel) =>
        channel == RedemptionChannel.Online ? AdminTexts.Promotions_Channel_Online : AdminTexts.Promotions_Channel_Counter;

    /// <summary>Why a use came back; a reason the foundation adds later reads as its code until it is worded here.</summary>
    public static string Released(string? reason) => reason switch
    {
        "expired" => AdminTexts.Promotions_Released_Expired,
        "cancelled" => AdminTexts.Promotions_Released_Cancelled,
        "no_show" => AdminTexts.Promotions_Released_NoShow,
        "payment_failed" => AdminTexts.Promotions_Released_PaymentFailed,
        "voided" => AdminTexts.Promotions_Released_Voided,
        _ => reason ?? "",
    };
}
