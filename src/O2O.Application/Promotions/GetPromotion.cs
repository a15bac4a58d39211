using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Promotions;

public sealed record GetPromotion(Guid Id) : IQuery<PromotionView?>;

public sealed class GetPromotionHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetPromotion, PromotionView?>
{
    public async ValueTask<PromotionView?> Handle(GetPromotion query, CancellationToken ct)
    {
        var promotion = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == query.Id, ct);
        return promotion is null ? null : (await PromotionViews.ReadAsync(db, [promotion], clock.GetUtcNow(), ct))[0];
    }
}
