using FluentValidation;
using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>A new promotion, and with a shared one its code if given: both or neither (409 <c>promo_code_taken</c> keeps neither).</summary>
public sealed record CreatePromotion(PromotionInput Input, Actor Actor) : ICommand<Result<PromotionView>>;

public sealed class CreatePromotionValidator : AbstractValidator<CreatePromotion>
{
    public CreatePromotionValidator() => RuleFor(x => x.Input).NotNull().SetValidator(new PromotionInputValidator()).OverridePropertyName("");
}

public sealed class CreatePromotionHandler(IAppDbContext db, TimeProvider clock, ISender sender) : ICommandHandler<CreatePromotion, Result<PromotionView>>
{
    public async ValueTask<Result<PromotionView>> Handle(CreatePromotion command, CancellationToken ct)
    {
        var i = command.Input;
        if (await PromotionWrites.UnknownReferencesAsync(db, i, ct) is { } unknown) return unknown;
        var now = clock.GetUtcNow();
        var promotion = new Promotion(Guid.CreateVersion7(), i.Name!, i.Kind!.Value, i.PercentBasisPoints, i.AmountOff?.Amount, i.Currency,
            i.CodeMode ?? PromoCodeMode.Shared, now);
        PromotionWrites.Apply(promotion, i);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Promotions.Add(promotion);
        db.AuditEntries.Add(PromotionWrites.Audit(now, command.Actor, "promotion.create", promotion.Id, null, PromotionWrites.Snapshot(promotion)));
        await db.SaveChangesAsync(ct);
        if (!string.IsNullOrWhiteSpace(i.Code))
        {
            var added = await PromoCodeWrites.AddSharedAsync(db, promotion, i.Code, command.Actor, now, ct);
            if (!added.IsSuccess) return added.Error!; // the transaction is disposed unfinished: no promotion without its code
        }
        await tx.CommitAsync(ct);
        return (await sender.Send(new GetPromotion(promotion.Id), ct))!;
    }
}
