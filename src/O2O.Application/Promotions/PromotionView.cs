using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>Where a promotion stands now, on the clocks of the stores it covers (ADR 53).</summary>
public enum PromotionState
{
    /// <summary>In force in at least one of its stores (<see cref="PromotionView.InForceEverywhere"/> says whether in all).</summary>
    Active,
    Paused,
    /// <summary>Not started yet in any of its stores.</summary>
    Scheduled,
    /// <summary>Over in every one of its stores.</summary>
    Ended,
}

public sealed record PromotionView(
    Guid Id,
    string Name,
    PromotionKind Kind,
    decimal? PercentOff,
    MoneyDto? AmountOff,
    MoneyDto? MinimumSubtotal,
    IReadOnlyList<Guid> ProductIds,
    IReadOnlyList<string> Categories,
    IReadOnlyList<Guid> StoreIds,
    DateTime? ValidFrom,
    DateTime? ValidUntil,
    bool FirstOrderOnly,
    int? MaxUses,
    int? MaxUsesPerCustomer,
    PromoCodeMode CodeMode,
    bool Paused,
    int Uses,
    PromotionState State,
    [property: Description("True when it is in force on every covered store's clock at once; false while zones disagree, or when it is not in force.")]
    bool InForceEverywhere,
    [property: Description("When it starts in the first of its stores' time zones (UTC); null without validFrom.")]
    DateTimeOffset? StartsAt,
    [property: Description("When it ends in the last of its stores' time zones (UTC); null without validUntil.")]
    DateTimeOffset? EndsAt,
    string? SharedCode,
    int CodeCount,
    DateTimeOffset CreatedAt);

/// <summary>
/// Turns promotions into what the admin reads. A promotion's dates are wall-clock times read on each store's clock (ADR
/// 51), so "now" is a different local time in each of its stores' zones: it is Active as soon as one of them is inside its
/// dates, Scheduled while none has reached the start, Ended once all are past the end (ADR 53).
/// </summary>
public static class PromotionViews
{
    public static async Task<IReadOnlyList<PromotionView>> ReadAsync(IAppDbContext db, IReadOnlyList<Promotion> promotions, DateTimeOffset now,
        CancellationToken ct)
    {
        var ids = promotions.Select(p => p.Id).ToList();
        var counts = await db.PromoCodes.AsNoTracking().Where(c => ids.Contains(c.PromotionId))
            .GroupBy(c => c.PromotionId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Id, g => g.Count, ct);
        var shared = await db.PromoCodes.AsNoTracking().Where(c => ids.Contains(c.PromotionId) && !c.SingleUse)
            .Select(c => new { c.PromotionId, c.Code }).ToListAsync(ct);
        var sharedOf = shared.GroupBy(c => c.PromotionId).ToDictionary(g => g.Key, g => g.First().Code);
        var zones = await db.Stores.AsNoTracking().Select(s => new { s.Id, s.TimeZoneId }).ToListAsync(ct);
        var zoneOf = zones.ToDictionary(s => s.Id, s => s.TimeZoneId);
        var everyZone = zones.Select(s => s.TimeZoneId).Distinct().ToList();
        return promotions.Select(p =>
        {
            var covered = p.StoreIds.Count == 0 ? everyZone : p.StoreIds.Where(zoneOf.ContainsKey).Select(id => zoneOf[id]).Distinct().ToList();
            var (state, everywhere, starts, ends) = StateOf(p, covered.Select(TimeZoneInfo.FindSystemTimeZoneById).ToList(), now);
            return new PromotionView(p.Id, p.Name, p.Kind, p.PercentBasisPoints is { } bp ? bp / 100m : null,
                p.AmountOffMinor is { } off ? new MoneyDto(off, p.Currency!) : null,
                p.MinimumSubtotalMinor is { } min ? new MoneyDto(min, p.Currency!) : null,
                p.ProductIds, p.Categories, p.StoreIds, p.ValidFrom, p.ValidUntil, p.FirstOrderOnly, p.MaxUses, p.MaxUsesPerCustomer,
                p.CodeMode, p.Paused, p.Uses, state, everywhere, starts, ends, sharedOf.GetValueOrDefault(p.Id), counts.GetValueOrDefault(p.Id), p.CreatedAt);
        }).ToList();
    }

    /// <summary>The state on the clocks of <paramref name="zones"/> (no store yet: UTC's), and the first start and last end as instants.</summary>
    public static (PromotionState State, bool InForceEverywhere, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt) StateOf(
        Promotion promotion, IReadOnlyList<TimeZoneInfo> zones, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        if (zones.Count == 0) zones = [TimeZoneInfo.Utc];
        var locals = zones.Select(z => TimeZoneInfo.ConvertTime(now, z).DateTime).ToList();
        var started = locals.Select(l => promotion.ValidFrom is not { } from || l >= from).ToList();
        var ended = locals.Select(l => promotion.ValidUntil is { } until && l >= until).ToList();
        var inForce = started.Zip(ended, (s, e) => s && !e).ToList();
        DateTimeOffset? starts = promotion.ValidFrom is { } f ? zones.Min(z => Instant(f, z)) : null;
        DateTimeOffset? ends = promotion.ValidUntil is { } u ? zones.Max(z => Instant(u, z)) : null;
        var state = promotion.Paused ? PromotionState.Paused
            : inForce.Any(x => x) ? PromotionState.Active
            : ended.All(x => x) ? PromotionState.Ended
            : PromotionState.Scheduled;
        return (state, !promotion.Paused && inForce.All(x => x), starts, ends);
    }

    /// <summary>The instant a wall-clock time is reached in a zone; a time the clocks skip (spring forward) is reached when they land past it.</summary>
    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        var time = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(time)) time = time.AddMinutes(15);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(time, zone), TimeSpan.Zero);
    }
}
