using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Promotions;

/// <summary>Every promotion, newest first, with its uses, its limit and its state on its stores' clocks.</summary>
public sealed record ListPromotions(int Page = 1, int PageSize = 50) : IQuery<PagedResult<PromotionView>>;

public sealed class ListPromotionsValidator : AbstractValidator<ListPromotions>
{
    public ListPromotionsValidator()
    {
        RuleFor(x => x.Page).IsPage().OverridePropertyName("page");
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200).OverridePropertyName("pageSize").WithName(_ => Messages.Field_PageSize);
    }
}

public sealed class ListPromotionsHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<ListPromotions, PagedResult<PromotionView>>
{
    public async ValueTask<PagedResult<PromotionView>> Handle(ListPromotions query, CancellationToken ct)
    {
        var total = await db.Promotions.CountAsync(ct);
        var page = await db.Promotions.AsNoTracking().OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new PagedResult<PromotionView>(await PromotionViews.ReadAsync(db, page, clock.GetUtcNow(), ct), query.Page, query.PageSize, total);
    }
}
