using FluentValidation;
using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Promotions;

/// <summary>
/// Changes a promotion's name, discount, conditions and limits; its code mode and codes stay. The total limit never goes
/// below the uses already made (409 <c>promotion_limit_below_uses</c>), decided on the row as saved, not as first read.
/// </summary>
public sealed record UpdatePromotion(Guid Id, PromotionInput Input, Actor Actor) : ICommand<Result<PromotionView>>;

public sealed class UpdatePromotionValidator : AbstractValidator<UpdatePromotion>
{
    public UpdatePromotionValidator() => RuleFor(x => x.Input).NotNull().SetValidator(new PromotionInputValidator()).OverridePropertyName("");
}

public sealed class UpdatePromotionHandler(IAppDbContext db, TimeProvider clock, ISender sender) : ICommandHandler<UpdatePromotion, Result<PromotionView>>
{
    public async ValueTask<Result<PromotionView>> Handle(UpdatePromotion command, CancellationToken ct)
    {
        var i = command.Input;
        if (await PromotionWrites.UnknownReferencesAsync(db, i, ct) is { } unknown) return unknown;
        var now = clock.GetUtcNow();
        var saved = await PromotionWrites.ChangeAsync(db, command.Id, promotion =>
        {
            if (i.MaxUses is { } max && max < promotion.Uses) return PromotionWrites.LimitBelowUses(promotion.Uses);
            var before = PromotionWrites.Snapshot(promotion);
            PromotionWrites.Apply(promotion, i);
            db.AuditEntries.Add(PromotionWrites.Audit(now, command.Actor, "promotion.update", promotion.Id, before, PromotionWrites.Snapshot(promotion)));
            return null;
        }, ct);
        if (!saved.IsSuccess) return saved.Error!;
        return (await sender.Send(new GetPromotion(command.Id), ct))!;
    }
}
