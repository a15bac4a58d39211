using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Admin;

/// <summary>Orders and revenue per store per day, pickup punctuality, no-show rate and top products, for a date range (UTC days).</summary>
public sealed record GetDashboard(DateOnly? From = null, DateOnly? To = null) : IQuery<DashboardView>;

public sealed record DashboardView(DateOnly From, DateOnly To, IReadOnlyList<StoreDayFigures> Days, IReadOnlyList<StoreFigures> Stores,
    IReadOnlyList<TopProduct> TopProducts);

public sealed record StoreDayFigures(string StoreCode, DateOnly Day, int Orders, long Revenue);

/// <summary>Punctuality: collected orders handed over before their slot ended, out of all collected.</summary>
public sealed record StoreFigures(string StoreCode, string StoreName, int Orders, long Revenue, int Collected, int CollectedOnTime, int NoShows)
{
    public double? PunctualityRate => Collected == 0 ? null : Math.Round((double)CollectedOnTime / Collected, 3);
    public double? NoShowRate => Collected + NoShows == 0 ? null : Math.Round((double)NoShows / (Collected + NoShows), 3);
}

public sealed record TopProduct(string Sku, string Name, long Units, long Revenue);

public sealed class GetDashboardValidator : AbstractValidator<GetDashboard>
{
    public GetDashboardValidator()
    {
        RuleFor(x => x.From).IsSaneDate("from").OverridePropertyName("from");
        RuleFor(x => x.To).IsSaneDate("to").OverridePropertyName("to");
        RuleFor(x => x).Must(x => x.From is null || x.To is null || (x.To.Value.DayNumber - x.From.Value.DayNumber) is >= 0 and <= 366)
            .WithMessage("to must be on or after from, within a year.").OverridePropertyName("to");
    }
}

public sealed class GetDashboardHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetDashboard, DashboardView>
{
    private sealed record DayRow(string StoreCode, DateOnly Day, int Orders, long Revenue);
    private sealed record StoreRow(string StoreCode, string StoreName, int Orders, long Revenue, int Collected, int CollectedOnTime, int NoShows);
    private sealed record ProductRow(string Sku, string Name, long Units, long Revenue);

    public async ValueTask<DashboardView> Handle(GetDashboard query, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var to = query.To ?? today;
        var from = query.From ?? to.AddDays(-13);
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        // Sold means paid at some point: not expired, and not still waiting for payment.
        var days = await db.Database.SqlQuery<DayRow>($"""
            SELECT s.code AS store_code, (o.created_at AT TIME ZONE 'UTC')::date AS day, COUNT(*)::int AS orders, SUM(o.total_amount)::bigint AS revenue
            FROM orders o JOIN stores s ON s.id = o.store_id
            WHERE o.created_at >= {start} AND o.created_at < {end} AND o.status NOT IN ('PendingPayment', 'Expired')
            GROUP BY s.code, day ORDER BY day, s.code
            """).ToListAsync(ct);
        var stores = await db.Database.SqlQuery<StoreRow>($"""
            SELECT s.code AS store_code, s.name AS store_name,
                   COUNT(o.id) FILTER (WHERE o.status NOT IN ('PendingPayment', 'Expired'))::int AS orders,
                   COALESCE(SUM(o.total_amount) FILTER (WHERE o.status NOT IN ('PendingPayment', 'Expired', 'Cancelled', 'NoShow')), 0)::bigint AS revenue,
                   COUNT(o.id) FILTER (WHERE o.status = 'Collected')::int AS collected,
                   COUNT(o.id) FILTER (WHERE o.status = 'Collected' AND EXISTS (
                       SELECT 1 FROM order_status_changes h WHERE h.order_id = o.id AND h.status = 'Collected' AND h.at <= o.slot_end))::int AS collected_on_time,
                   COUNT(o.id) FILTER (WHERE o.status = 'NoShow')::int AS no_shows
            FROM stores s LEFT JOIN orders o ON o.store_id = s.id AND o.created_at >= {start} AND o.created_at < {end}
            GROUP BY s.code, s.name ORDER BY s.code
            """).ToListAsync(ct);
        var top = await db.Database.SqlQuery<ProductRow>($"""
            SELECT l.sku, MIN(l.name) AS name, SUM(l.quantity - l.short_quantity)::bigint AS units,
                   SUM((l.quantity - l.short_quantity) * l.unit_price_amount)::bigint AS revenue
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.created_at >= {start} AND o.created_at < {end} AND o.status NOT IN ('PendingPayment', 'Expired', 'Cancelled', 'NoShow')
            GROUP BY l.sku ORDER BY units DESC, revenue DESC LIMIT 10
            """).ToListAsync(ct);

        return new DashboardView(from, to,
            days.Select(d => new StoreDayFigures(d.StoreCode, d.Day, d.Orders, d.Revenue)).ToList(),
            stores.Select(s => new StoreFigures(s.StoreCode, s.StoreName, s.Orders, s.Revenue, s.Collected, s.CollectedOnTime, s.NoShows)).ToList(),
            top.Select(t => new TopProduct(t.Sku, t.Name, t.Units, t.Revenue)).ToList());
    }
}
