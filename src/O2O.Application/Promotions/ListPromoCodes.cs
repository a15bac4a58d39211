using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Promotions;

/// <summary>A promotion's codes, oldest first (a batch in the order it was drawn); null when there is no such promotion.</summary>
public sealed record ListPromoCodes(Guid PromotionId, int Page = 1, int PageSize = 100) : IQuery<PagedResult<PromoCodeView>?>;

public sealed class ListPromoCodesValidator : AbstractValidator<ListPromoCodes>
{
    public ListPromoCodesValidator()
    {
        RuleFor(x => x.Page).IsPage().OverridePropertyName("page");
        RuleFor(x => x.PageSize).InclusiveBetween(1, 1000).OverridePropertyName("pageSize").WithName(_ => Messages.Field_PageSize);
    }
}

public sealed class ListPromoCodesHandler(IAppDbContext db) : IQueryHandler<ListPromoCodes, PagedResult<PromoCodeView>?>
{
    public async ValueTask<PagedResult<PromoCodeView>?> Handle(ListPromoCodes query, CancellationToken ct)
    {
        if (!await db.Promotions.AnyAsync(p => p.Id == query.PromotionId, ct)) return null;
        var codes = db.PromoCodes.AsNoTracking().Where(c => c.PromotionId == query.PromotionId);
        var total = await codes.CountAsync(ct);
        var items = await codes.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(c => new PromoCodeView(c.Id, c.Code, c.SingleUse, c.Uses, c.CampaignId, c.CreatedAt)).ToListAsync(ct);
        return new PagedResult<PromoCodeView>(items, query.Page, query.PageSize, total);
    }
}
