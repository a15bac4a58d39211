using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>
/// A batch of 1 to 10,000 single-use codes for a single-use promotion, all or none, in one transaction (ADR 53):
/// unguessable, from the 31 symbols nobody misreads, unique by their normalised form across every promotion.
/// </summary>
public sealed record GeneratePromoCodes(Guid PromotionId, int Count, Actor Actor) : ICommand<Result<CodesAdded>>;

public sealed class GeneratePromoCodesValidator : AbstractValidator<GeneratePromoCodes>
{
    public GeneratePromoCodesValidator() =>
        RuleFor(x => x.Count).InclusiveBetween(1, PromoCodeWrites.MaxBatch).OverridePropertyName("count").WithName(_ => Messages.Field_CodeCount);
}

public sealed class GeneratePromoCodesHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<GeneratePromoCodes, Result<CodesAdded>>
{
    public async ValueTask<Result<CodesAdded>> Handle(GeneratePromoCodes command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var promotion = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.PromotionId, ct);
        if (promotion is null) return PromotionWrites.NotFound();
        if (promotion.CodeMode != PromoCodeMode.SingleUse) return PromoCodeErrors.WrongMode(promotion.CodeMode);
        var now = clock.GetUtcNow();
        var codes = await PromoCodeWrites.GenerateAsync(db, promotion.Id, command.Count, null, now, ct);
        db.AuditEntries.Add(PromotionWrites.Audit(now, command.Actor, "promotion.codes", promotion.Id, null, new { Generated = codes.Count }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CodesAdded(codes.Count, codes);
    }
}
