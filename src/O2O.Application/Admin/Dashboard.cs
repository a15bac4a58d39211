using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Orders;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

/// <summary>
/// Orders and revenue per store per day, pickup punctuality, no-show rate and top products, for a date range. A day is
/// the store's own day (its IANA time zone), money is totalled per currency and never added across currencies, and
/// the daily figures and the per-store figures count the same orders, so the charts and the table agree.
/// </summary>
public sealed record GetDashboard(DateOnly? From = null, DateOnly? To = null) : IQuery<DashboardView>;

public sealed record DashboardView(DateOnly From, DateOnly To, IReadOnlyList<StoreDayFigures> Days, IReadOnlyList<StoreFigures> Stores,
    IReadOnlyList<TopProduct> TopProducts);

/// <summary>One store's day: placed orders, and what the sold ones brought in, per currency.</summary>
public sealed record StoreDayFigures(string StoreCode, DateOnly Day, int Orders, IReadOnlyList<MoneyDto> Revenue);

/// <summary>Punctuality: collected orders handed over before their slot ended, out of all collected.</summary>
public sealed record StoreFigures(string StoreCode, string StoreName, int Orders, IReadOnlyList<MoneyDto> Revenue, int Collected,
    int CollectedOnTime, int NoShows, HandoverWait? Handover = null)
{
    public double? PunctualityRate => Collected == 0 ? null : Math.Round((double)CollectedOnTime / Collected, 3);
    public double? NoShowRate => Collected + NoShows == 0 ? null : Math.Round((double)NoShows / (Collected + NoShows), 3);
}

/// <summary>
/// How long shoppers waited at the desk: from "I'm here" to the hand-over, over the period's collected orders whose
/// shopper said it (<paramref name="Orders"/> of them), in minutes: the median and the 90th percentile (nine in ten
/// were served within it). Null on a store where nobody said "I'm here".
/// </summary>
public sealed record HandoverWait(int Orders, double MedianMinutes, double P90Minutes);

/// <summary>A product's units and revenue in one currency (a product sold in two currencies is two entries).</summary>
public sealed record TopProduct(string Sku, string Name, long Units, MoneyDto Revenue);

public sealed class GetDashboardValidator : AbstractValidator<GetDashboard>
{
    public GetDashboardValidator()
    {
        RuleFor(x => x.From).IsSaneDate("from").OverridePropertyName("from");
        RuleFor(x => x.To).IsSaneDate("to").OverridePropertyName("to");
        RuleFor(x => x).Must(x => x.From is null || x.To is null || (x.To.Value.DayNumber - x.From.Value.DayNumber) is >= 0 and <= 366)
            .WithMessage(_ => Messages.Admin_DashboardRange).OverridePropertyName("to");
    }
}

public sealed class GetDashboardHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetDashboard, DashboardView>
{
    // The back office's notion of placed and sold comes from the order rules, not from a copy of their names.
    private static readonly string[] Placed = [.. OrderStatusRules.Placed.Select(s => s.ToString())];
    private static readonly string[] Sold = [.. OrderStatusRules.Sold.Select(s => s.ToString())];
    private static readonly string Collected = nameof(OrderStatus.Collected);
    private static readonly string NoShow = nameof(OrderStatus.NoShow);

    // Local days run from UTC-12 to UTC+14: a window this much wider than the UTC days lets the created_at index narrow
    // the scan before each order's local day is worked out.
    private static readonly TimeSpan EarliestOffset = TimeSpan.FromHours(14);
    private static readonly TimeSpan LatestOffset = TimeSpan.FromHours(12);

    private sealed record DayRow(string StoreCode, DateOnly Day, string Currency, int Orders, long Revenue);
    private sealed record StoreRow(string StoreCode, string StoreName, string? Currency, int Orders, long Revenue, int Collected, int CollectedOnTime, int NoShows);
    private sealed record WaitRow(string StoreCode, int Orders, double MedianSeconds, double P90Seconds);
    private sealed record ProductRow(string Sku, string Currency, string Name, long Units, long Revenue);

    public async ValueTask<DashboardView> Handle(GetDashboard query, CancellationToken ct)
    {
        var to = query.To ?? await LatestTodayAsync(ct);
        var from = query.From ?? to.AddDays(-13);
        var after = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - EarliestOffset;
        var before = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + LatestOffset;

        // The statements select the orders of the period the same way: created on a day from..to in the store's zone.
        var days = await db.Database.SqlQuery<DayRow>($"""
            SELECT s.code AS store_code, (o.created_at AT TIME ZONE s.time_zone_id)::date AS day, o.currency,
                   COUNT(*)::int AS orders,
                   COALESCE(SUM(o.total_amount) FILTER (WHERE o.status = ANY ({Sold})), 0)::bigint AS revenue
            FROM orders o JOIN stores s ON s.id = o.store_id
            WHERE o.created_at >= {after} AND o.created_at < {before}
              AND (o.created_at AT TIME ZONE s.time_zone_id)::date BETWEEN {from} AND {to}
              AND o.status = ANY ({Placed})
            GROUP BY s.code, day, o.currency ORDER BY day, s.code, o.currency
            """).ToListAsync(ct);
        var stores = await db.Database.SqlQuery<StoreRow>($"""
            SELECT s.code AS store_code, s.name AS store_name, o.currency,
                   COUNT(o.id) FILTER (WHERE o.status = ANY ({Placed}))::int AS orders,
                   COALESCE(SUM(o.total_amount) FILTER (WHERE o.status = ANY ({Sold})), 0)::bigint AS revenue,
                   COUNT(o.id) FILTER (WHERE o.status = {Collected})::int AS collected,
                   COUNT(o.id) FILTER (WHERE o.status = {Collected} AND EXISTS (
                       SELECT 1 FROM order_status_changes h WHERE h.order_id = o.id AND h.status = {Collected} AND h.at <= o.slot_end))::int AS collected_on_time,
                   COUNT(o.id) FILTER (WHERE o.status = {NoShow})::int AS no_shows
            FROM stores s LEFT JOIN orders o ON o.store_id = s.id
                AND o.created_at >= {after} AND o.created_at < {before}
                AND (o.created_at AT TIME ZONE s.time_zone_id)::date BETWEEN {from} AND {to}
            GROUP BY s.code, s.name, o.currency ORDER BY s.code, o.currency
            """).ToListAsync(ct);
        // The hand-over is the order's Collected step; an arrival the shopper announced before it counts from then.
        var waits = await db.Database.SqlQuery<WaitRow>($"""
            SELECT s.code AS store_code, COUNT(*)::int AS orders,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY w.seconds) AS median_seconds,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY w.seconds) AS p90seconds
            FROM orders o JOIN stores s ON s.id = o.store_id
            CROSS JOIN LATERAL (
                SELECT GREATEST(0, EXTRACT(EPOCH FROM MIN(h.at) - o.arrived_at))::float8 AS seconds
                FROM order_status_changes h WHERE h.order_id = o.id AND h.status = {Collected}) w
            WHERE o.created_at >= {after} AND o.created_at < {before}
              AND (o.created_at AT TIME ZONE s.time_zone_id)::date BETWEEN {from} AND {to}
              AND o.status = {Collected} AND o.arrived_at IS NOT NULL AND w.seconds IS NOT NULL
            GROUP BY s.code
            """).ToListAsync(ct);
        var waitOf = waits.ToDictionary(w => w.StoreCode, w => new HandoverWait(w.Orders, Minutes(w.MedianSeconds), Minutes(w.P90Seconds)));
        var top = await db.Database.SqlQuery<ProductRow>($"""
            SELECT l.sku, l.currency, MIN(l.name) AS name, SUM(l.quantity - l.short_quantity)::bigint AS units,
                   SUM((l.quantity - l.short_quantity) * l.unit_price_amount)::bigint AS revenue
            FROM orders o JOIN stores s ON s.id = o.store_id JOIN order_lines l ON l.order_id = o.id
            WHERE o.created_at >= {after} AND o.created_at < {before}
              AND (o.created_at AT TIME ZONE s.time_zone_id)::date BETWEEN {from} AND {to}
              AND o.status = ANY ({Sold})
            GROUP BY l.sku, l.currency ORDER BY units DESC, revenue DESC LIMIT 10
            """).ToListAsync(ct);

        return new DashboardView(from, to,
            days.GroupBy(d => (d.StoreCode, d.Day))
                .Select(g => new StoreDayFigures(g.Key.StoreCode, g.Key.Day, g.Sum(d => d.Orders), Totals(g.Select(d => (d.Currency, d.Revenue)))))
                .ToList(),
            stores.GroupBy(s => (s.StoreCode, s.StoreName))
                .Select(g => new StoreFigures(g.Key.StoreCode, g.Key.StoreName, g.Sum(s => s.Orders),
                    Totals(g.Where(s => s.Currency is not null).Select(s => (s.Currency!, s.Revenue))),
                    g.Sum(s => s.Collected), g.Sum(s => s.CollectedOnTime), g.Sum(s => s.NoShows), waitOf.GetValueOrDefault(g.Key.StoreCode)))
                .ToList(),
            top.Select(t => new TopProduct(t.Sku, t.Name, t.Units, new MoneyDto(t.Revenue, t.Currency))).ToList());
    }

    /// <summary>The default period ends on the latest of the stores' todays, so it holds today's orders of every store.</summary>
    private async Task<DateOnly> LatestTodayAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var zones = await db.Stores.AsNoTracking().Select(s => s.TimeZoneId).Distinct().ToListAsync(ct);
        return zones.Select(z => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(z)).DateTime))
            .DefaultIfEmpty(DateOnly.FromDateTime(now.UtcDateTime)).Max();
    }

    /// <summary>Minutes to the hundredth: 9.2 rather than 9.199999, and to the second on any page that shows them.</summary>
    private static double Minutes(double seconds) => Math.Round(seconds / 60, 2);

    /// <summary>One total per currency that has sold something, in currency order.</summary>
    private static List<MoneyDto> Totals(IEnumerable<(string Currency, long Amount)> rows) =>
        rows.Where(r => r.Amount != 0).OrderBy(r => r.Currency, StringComparer.Ordinal).Select(r => new MoneyDto(r.Amount, r.Currency)).ToList();
}
