using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Loyalty;
using O2O.Domain.Orders;
using O2O.Domain.Promotions;

namespace O2O.Application.Admin;

/// <summary>
/// What the promotions brought in over a range of store-local days (ADR 56): per campaign and per store, the live uses
/// of codes online and at the counter, the sales that came with them and the discount given, per currency; per store
/// also the loyalty points its orders earned and spent. Without dates: the last 30 days up to the latest of the stores' todays.
/// </summary>
public sealed record GetO2OReport(DateOnly? From = null, DateOnly? To = null) : IQuery<O2OReport>;

public sealed record O2OReport(DateOnly From, DateOnly To, IReadOnlyList<CampaignO2OFigures> Campaigns, IReadOnlyList<StoreO2OFigures> Stores,
    O2OTotals Totals);

/// <summary>
/// One currency's part of a row: the uses in that currency, the money the retailer got with them (collected online orders,
/// less what returns paid back; till sales less their discount) and the discount given.
/// </summary>
public sealed record O2OCurrencyFigures(string Currency, int RedeemedOnline, int RedeemedAtCounter, MoneyDto SalesOnline, MoneyDto SalesAtCounter,
    MoneyDto Sales, MoneyDto Discount);

/// <summary>
/// A campaign: <paramref name="CodesSent"/> is everyone it was sent to (its whole send, whenever); the uses are those in the
/// range. The conversion rate is the share of codes sent that were used in the range. <paramref name="TimeZone"/> is the zone of
/// the store it invites to, to read <paramref name="SentAt"/> on; null for a campaign to every store (read it in UTC). The points
/// are those of the online orders that carried its codes, counted as a store's are.
/// </summary>
public sealed record CampaignO2OFigures(Guid Id, string Name, Guid PromotionId, string PromotionName, Guid? StoreId, string? TimeZone,
    DateTimeOffset? SentAt, int CodesSent, int RedeemedOnline, int RedeemedAtCounter, IReadOnlyList<O2OCurrencyFigures> Currencies,
    long PointsEarned, long PointsSpent)
{
    public double? ConversionRate => CodesSent == 0 ? null : Math.Round((double)(RedeemedOnline + RedeemedAtCounter) / CodesSent, 3);
}

/// <summary>A store: every code used there (a campaign's or a shared one), and the points its orders of the range earned and spent.</summary>
public sealed record StoreO2OFigures(Guid Id, string Code, string Name, int RedeemedOnline, int RedeemedAtCounter,
    IReadOnlyList<O2OCurrencyFigures> Currencies, long PointsEarned, long PointsSpent);

/// <summary>
/// All stores together. <paramref name="CodesSent"/> and <see cref="ConversionRate"/> are the listed campaigns'; the uses
/// are every code's, shared ones included.
/// </summary>
public sealed record O2OTotals(int CodesSent, int CampaignRedemptions, int RedeemedOnline, int RedeemedAtCounter,
    IReadOnlyList<O2OCurrencyFigures> Currencies, long PointsEarned, long PointsSpent)
{
    public double? ConversionRate => CodesSent == 0 ? null : Math.Round((double)CampaignRedemptions / CodesSent, 3);
}

public sealed class GetO2OReportValidator : AbstractValidator<GetO2OReport>
{
    /// <summary>A year of days, a leap one included; beyond it the statements would scan too much for one page.</summary>
    public const int MaxDays = 366;

    public GetO2OReportValidator()
    {
        RuleFor(x => x.From).IsSaneDate("from").OverridePropertyName("from");
        RuleFor(x => x.To).IsSaneDate("to").OverridePropertyName("to");
        RuleFor(x => x).Must(x => x.From is null || x.To is null || (x.To.Value.DayNumber - x.From.Value.DayNumber) is >= 0 and < MaxDays)
            .WithMessage(_ => Messages.Admin_DashboardRange).OverridePropertyName("to");
    }
}

public sealed class GetO2OReportHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetO2OReport, O2OReport>
{
    public const int DefaultDays = 30;

    private static readonly string Online = nameof(RedemptionChannel.Online);
    private static readonly string Counter = nameof(RedemptionChannel.Counter);
    private static readonly string Collected = nameof(OrderStatus.Collected);
    // Net earned: what collection earned less what returns took back. Net spent: what orders took less what came back to the
    // shopper (expiry, cancellation, short pick, return): the same kinds the invariant check adds up against the orders.
    private static readonly string[] EarnKinds = [nameof(LoyaltyKind.Earned), nameof(LoyaltyKind.ReturnReversal)];
    private static readonly string[] SpendKinds = [nameof(LoyaltyKind.Spent), nameof(LoyaltyKind.GivenBack), nameof(LoyaltyKind.ShortPick),
        nameof(LoyaltyKind.ReturnGivenBack)];

    // Local days run from UTC-12 to UTC+14 (as the dashboard's): a window this much wider narrows the scan first.
    private static readonly TimeSpan EarliestOffset = TimeSpan.FromHours(14);
    private static readonly TimeSpan LatestOffset = TimeSpan.FromHours(12);

    private sealed record UseRow(Guid? CampaignId, Guid StoreId, string Currency, int Online, int Counter, long SalesOnline, long SalesCounter, long Discount,
        long PointsEarned, long PointsSpent);
    private sealed record CampaignRow(Guid Id, string Name, Guid PromotionId, string PromotionName, Guid? StoreId, string? TimeZone, DateTimeOffset? SentAt,
        int CodesSent);
    private sealed record StoreRow(Guid Id, string Code, string Name, long PointsEarned, long PointsSpent);

    public async ValueTask<O2OReport> Handle(GetO2OReport query, CancellationToken ct)
    {
        var (from, to) = query switch
        {
            { From: { } f, To: { } t } => (f, t),
            { From: { } f } => (f, f.AddDays(DefaultDays - 1)),
            { To: { } t } => (t.AddDays(1 - DefaultDays), t),
            _ => await DefaultPeriodAsync(ct),
        };
        var after = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - EarliestOffset;
        var before = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + LatestOffset;

        // Live uses only: a use given back (expiry, cancellation, a voided till sale) brought nothing in. A use's day is the
        // day of the store it was used at. Online, the money is the order's once it was collected, less its returns.
        var uses = await db.Database.SqlQuery<UseRow>($"""
            SELECT c.campaign_id, r.store_id, r.currency,
                   COUNT(*) FILTER (WHERE r.channel = {Online})::int AS online,
                   COUNT(*) FILTER (WHERE r.channel = {Counter})::int AS counter,
                   COALESCE(SUM(o.total_amount - COALESCE(rt.refunded, 0)) FILTER (WHERE r.channel = {Online} AND o.status = {Collected}), 0)::bigint AS sales_online,
                   COALESCE(SUM(r.subtotal_minor - r.discount_minor) FILTER (WHERE r.channel = {Counter}), 0)::bigint AS sales_counter,
                   COALESCE(SUM(r.discount_minor), 0)::bigint AS discount,
                   COALESCE(SUM(lp.earned), 0)::bigint AS points_earned, COALESCE(SUM(lp.spent), 0)::bigint AS points_spent
            FROM promo_redemptions r
            JOIN promo_codes c ON c.id = r.code_id
            JOIN stores s ON s.id = r.store_id
            LEFT JOIN orders o ON o.id = r.order_id
            LEFT JOIN LATERAL (SELECT SUM(x.refund_amount) AS refunded FROM returns x WHERE x.order_id = o.id) rt ON o.status = {Collected}
            LEFT JOIN LATERAL (
                SELECT SUM(e.points) FILTER (WHERE e.kind = ANY ({EarnKinds})) AS earned,
                       -SUM(e.points) FILTER (WHERE e.kind = ANY ({SpendKinds})) AS spent
                FROM loyalty_entries e WHERE e.order_id = r.order_id
            ) lp ON r.order_id IS NOT NULL
            WHERE r.released_at IS NULL
              AND r.created_at >= {after} AND r.created_at < {before}
              AND (r.created_at AT TIME ZONE s.time_zone_id)::date BETWEEN {from} AND {to}
            GROUP BY c.campaign_id, r.store_id, r.currency
            """).ToListAsync(ct);

        // The campaigns sent in the range (on the clock of the store they invite to; UTC for one to every store), and those
        // whose codes were used in it.
        var used = uses.Where(u => u.CampaignId is not null).Select(u => u.CampaignId!.Value).Distinct().ToArray();
        var campaigns = await db.Database.SqlQuery<CampaignRow>($"""
            SELECT k.id, k.name, p.id AS promotion_id, p.name AS promotion_name, k.store_id, s.time_zone_id AS time_zone, k.sent_at,
                   (SELECT COUNT(*) FROM campaign_recipients cr WHERE cr.campaign_id = k.id)::int AS codes_sent
            FROM campaigns k
            JOIN promotions p ON p.id = k.promotion_id
            LEFT JOIN stores s ON s.id = k.store_id
            WHERE k.id = ANY ({used})
               OR (COALESCE(k.sent_at, k.created_at) >= {after} AND COALESCE(k.sent_at, k.created_at) < {before}
                   AND (COALESCE(k.sent_at, k.created_at) AT TIME ZONE COALESCE(s.time_zone_id, 'UTC'))::date BETWEEN {from} AND {to})
            ORDER BY COALESCE(k.sent_at, k.created_at) DESC, k.name, k.id
            """).ToListAsync(ct);

        // Points belong to the orders placed in the range, as they stand now: earned at collection, less what returns took
        // back; spent at checkout, less what came back.
        var stores = await db.Database.SqlQuery<StoreRow>($"""
            SELECT s.id, s.code, s.name, COALESCE(l.earned, 0)::bigint AS points_earned, COALESCE(l.spent, 0)::bigint AS points_spent
            FROM stores s
            LEFT JOIN (
                SELECT o.store_id,
                       SUM(e.points) FILTER (WHERE e.kind = ANY ({EarnKinds})) AS earned,
                       -SUM(e.points) FILTER (WHERE e.kind = ANY ({SpendKinds})) AS spent
                FROM orders o
                JOIN stores os ON os.id = o.store_id
                JOIN loyalty_entries e ON e.order_id = o.id
                WHERE o.created_at >= {after} AND o.created_at < {before}
                  AND (o.created_at AT TIME ZONE os.time_zone_id)::date BETWEEN {from} AND {to}
                GROUP BY o.store_id
            ) l ON l.store_id = s.id
            ORDER BY s.code
            """).ToListAsync(ct);

        var campaignFigures = campaigns.Select(k =>
        {
            var mine = uses.Where(u => u.CampaignId == k.Id).ToList();
            return new CampaignO2OFigures(k.Id, k.Name, k.PromotionId, k.PromotionName, k.StoreId, k.TimeZone, k.SentAt, k.CodesSent,
                mine.Sum(u => u.Online), mine.Sum(u => u.Counter), PerCurrency(mine), mine.Sum(u => u.PointsEarned), mine.Sum(u => u.PointsSpent));
        }).ToList();
        var storeFigures = stores.Select(s =>
        {
            var mine = uses.Where(u => u.StoreId == s.Id).ToList();
            return new StoreO2OFigures(s.Id, s.Code, s.Name, mine.Sum(u => u.Online), mine.Sum(u => u.Counter), PerCurrency(mine), s.PointsEarned, s.PointsSpent);
        }).ToList();
        var totals = new O2OTotals(campaignFigures.Sum(c => c.CodesSent), campaignFigures.Sum(c => c.RedeemedOnline + c.RedeemedAtCounter),
            uses.Sum(u => u.Online), uses.Sum(u => u.Counter), PerCurrency(uses), stores.Sum(s => s.PointsEarned), stores.Sum(s => s.PointsSpent));
        return new O2OReport(from, to, campaignFigures, storeFigures, totals);
    }

    /// <summary>The default period: 30 days ending on the latest of the stores' todays, so it holds today's uses of every store.</summary>
    private async Task<(DateOnly, DateOnly)> DefaultPeriodAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var zones = await db.Stores.AsNoTracking().Select(s => s.TimeZoneId).Distinct().ToListAsync(ct);
        var to = zones.Select(z => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(z)).DateTime))
            .DefaultIfEmpty(DateOnly.FromDateTime(now.UtcDateTime)).Max();
        return (to.AddDays(1 - DefaultDays), to);
    }

    /// <summary>One entry per currency the rows were used in, in currency order; amounts in two currencies are never added.</summary>
    private static List<O2OCurrencyFigures> PerCurrency(IEnumerable<UseRow> rows) =>
        rows.GroupBy(r => r.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new O2OCurrencyFigures(g.Key, g.Sum(r => r.Online), g.Sum(r => r.Counter),
                new MoneyDto(g.Sum(r => r.SalesOnline), g.Key), new MoneyDto(g.Sum(r => r.SalesCounter), g.Key),
                new MoneyDto(g.Sum(r => r.SalesOnline + r.SalesCounter), g.Key), new MoneyDto(g.Sum(r => r.Discount), g.Key)))
            .ToList();
}
