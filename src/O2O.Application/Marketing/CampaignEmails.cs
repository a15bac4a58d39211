using System.Globalization;
using System.Text;
using O2O.Application.Localization;
using O2O.Application.Notifications;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;

namespace O2O.Application.Marketing;

/// <summary>
/// The email a campaign sends one shopper (ADR 55): in the account's language, with their own code, what it takes off,
/// the store's name, address and opening hours (wall-clock times on the store's clock, its offset shown), and the signed
/// unsubscribe link, which also goes in the List-Unsubscribe header.
/// </summary>
public static class CampaignEmails
{
    public const string Kind = "campaign";

    public static OutboxEmail Offer(string userId, string email, string name, string culture, Promotion promotion, string code,
        Store? store, string unsubscribeUrl, DateTimeOffset now)
    {
        using var _ = CultureScope.Use(culture);
        var discount = Discount(promotion);
        var body = new StringBuilder()
            .AppendLine(Text(Emails.Campaign_Opening, name)).AppendLine()
            .AppendLine(Text(Emails.Campaign_Offer, discount))
            .AppendLine("  " + code).AppendLine()
            .AppendLine(Emails.Campaign_HowToUse);
        if (promotion.MinimumSubtotalMinor is { } minimum && promotion.Currency is { } currency)
            body.AppendLine(Text(Emails.Campaign_Minimum, Formats.Money(minimum, currency)));
        if (promotion.ValidUntil is { } until)
            body.AppendLine(store is null
                ? Text(Emails.Campaign_ValidUntilAnyStore, Formats.Date(DateOnly.FromDateTime(until)), TimeOnly.FromDateTime(until).ToString("t", CultureInfo.CurrentCulture))
                : Text(Emails.Campaign_ValidUntil, Formats.Moment(new DateTimeOffset(until, store.TimeZone.GetUtcOffset(until)))));
        if (store is not null) AppendStore(body.AppendLine(), store, now);
        body.AppendLine().AppendLine(Emails.Campaign_Why)
            .AppendLine(Text(Emails.Campaign_Unsubscribe, unsubscribeUrl))
            .AppendLine().AppendLine(Emails.Email_Signature);
        var subject = store is null ? Text(Emails.Campaign_Subject, discount) : Text(Emails.Campaign_SubjectAtStore, discount, store.Name);
        return new OutboxEmail(email, subject, body.ToString(), Kind, null, now).ForAccount(userId, unsubscribeUrl);
    }

    /// <summary>"10 %" as the reader's culture writes a percentage, or the fixed amount in its currency.</summary>
    public static string Discount(Promotion promotion) => promotion.Kind switch
    {
        PromotionKind.PercentOff => (promotion.PercentBasisPoints!.Value / 10_000m).ToString(promotion.PercentBasisPoints % 100 == 0 ? "P0" : "P2", CultureInfo.CurrentCulture),
        _ => Formats.Money(promotion.AmountOffMinor!.Value, promotion.Currency!),
    };

    private static void AppendStore(StringBuilder body, Store store, DateTimeOffset now)
    {
        body.AppendLine(Text(Emails.Email_Store, store.Name, $"{store.Address.Street}, {store.Address.PostalCode} {store.Address.City}"))
            .AppendLine(Text(Emails.Campaign_Hours, Formats.Zone(Formats.InZone(now, store.TimeZone))));
        var culture = CultureInfo.CurrentCulture;
        var first = (int)culture.DateTimeFormat.FirstDayOfWeek;
        foreach (var day in Enumerable.Range(0, 7).Select(i => (DayOfWeek)((first + i) % 7)))
        {
            var ranges = store.OpeningHours.Where(h => h.Day == day).OrderBy(h => h.Opens).ToList();
            var hours = ranges.Count == 0 ? Emails.Campaign_Closed
                : string.Join(", ", ranges.Select(r => $"{r.Opens.ToString("t", culture)}\u2013{r.Closes.ToString("t", culture)}"));
            body.AppendLine("  " + Text(Emails.Campaign_HoursLine, culture.TextInfo.ToTitleCase(culture.DateTimeFormat.GetDayName(day)), hours));
        }
    }

    private static string Text(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
}
