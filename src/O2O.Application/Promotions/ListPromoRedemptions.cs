using System.ComponentModel;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>A promotion's uses, newest first, live and given back (ADR 51 keeps both); null when there is no such promotion.</summary>
public sealed record ListPromoRedemptions(Guid PromotionId, int Page = 1, int PageSize = 50) : IQuery<PagedResult<RedemptionView>?>;

public sealed record RedemptionView(
    Guid Id,
    DateTimeOffset At,
    [property: Description("When, on the clock of the store it was used for, with that store's offset.")]
    DateTimeOffset AtInStore,
    Guid StoreId,
    string StoreName,
    RedemptionChannel Channel,
    string Code,
    Guid? OrderId,
    string? OrderNumber,
    string? ExternalReference,
    MoneyDto Subtotal,
    MoneyDto Discount,
    bool Live,
    DateTimeOffset? ReleasedAt,
    DateTimeOffset? ReleasedAtInStore,
    [property: Description("Why the use came back: expired, cancelled, no_show, payment_failed, voided.")]
    string? ReleasedReason);

public sealed class ListPromoRedemptionsValidator : AbstractValidator<ListPromoRedemptions>
{
    public ListPromoRedemptionsValidator()
    {
        RuleFor(x => x.Page).IsPage().OverridePropertyName("page");
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200).OverridePropertyName("pageSize").WithName(_ => Messages.Field_PageSize);
    }
}

public sealed class ListPromoRedemptionsHandler(IAppDbContext db) : IQueryHandler<ListPromoRedemptions, PagedResult<RedemptionView>?>
{
    public async ValueTask<PagedResult<RedemptionView>?> Handle(ListPromoRedemptions query, CancellationToken ct)
    {
        if (!await db.Promotions.AnyAsync(p => p.Id == query.PromotionId, ct)) return null;
        var uses = db.PromoRedemptions.AsNoTracking().Where(r => r.PromotionId == query.PromotionId);
        var total = await uses.CountAsync(ct);
        var rows = await (
                from r in uses
                join s in db.Stores on r.StoreId equals s.Id
                join c in db.PromoCodes on r.CodeId equals c.Id
                from o in db.Orders.Where(o => o.Id == r.OrderId).DefaultIfEmpty()
                orderby r.CreatedAt descending, r.Id descending
                select new
                {
                    r.Id, r.CreatedAt, r.StoreId, StoreName = s.Name, s.TimeZoneId, r.Channel, c.Code, r.OrderId, OrderNumber = o == null ? null : o.Number,
                    r.ExternalReference, r.SubtotalMinor, r.DiscountMinor, r.Currency, r.ReleasedAt, r.ReleasedReason,
                })
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var items = rows.Select(r =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(r.TimeZoneId);
            return new RedemptionView(r.Id, r.CreatedAt, Formats.InZone(r.CreatedAt, zone), r.StoreId, r.StoreName, r.Channel, r.Code, r.OrderId,
                r.OrderNumber, r.ExternalReference, new MoneyDto(r.SubtotalMinor, r.Currency), new MoneyDto(r.DiscountMinor, r.Currency),
                r.ReleasedAt is null, r.ReleasedAt, r.ReleasedAt is { } at ? Formats.InZone(at, zone) : null, r.ReleasedReason);
        }).ToList();
        return new PagedResult<RedemptionView>(items, query.Page, query.PageSize, total);
    }
}
