using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>
/// The admin-chosen code of a shared promotion ("SUMMER10"). Codes are compared normalised ("summer-10" is the same
/// code), across every promotion: 409 <c>promo_code_taken</c>. A shared promotion has one code (409 <c>promotion_has_code</c>).
/// </summary>
public sealed record AddSharedPromoCode(Guid PromotionId, string? Code, Actor Actor) : ICommand<Result<CodesAdded>>;

public sealed class AddSharedPromoCodeValidator : AbstractValidator<AddSharedPromoCode>
{
    public AddSharedPromoCodeValidator() =>
        RuleFor(x => x.Code).NotEmpty().Must(SharedCodes.IsValid).WithMessage(_ => Messages.Promotions_CodeFormat)
            .OverridePropertyName("code").WithName(_ => Messages.Field_PromoCode);
}

public sealed class AddSharedPromoCodeHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<AddSharedPromoCode, Result<CodesAdded>>
{
    public async ValueTask<Result<CodesAdded>> Handle(AddSharedPromoCode command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Locks the promotion's row, so two admins adding its one code at once are taken in turn.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM promotions WHERE id = {command.PromotionId} FOR UPDATE", ct);
        var promotion = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.PromotionId, ct);
        if (promotion is null) return PromotionWrites.NotFound();
        if (promotion.CodeMode != PromoCodeMode.Shared) return PromoCodeErrors.WrongMode(promotion.CodeMode);
        if (await db.PromoCodes.AsNoTracking().Where(c => c.PromotionId == promotion.Id).Select(c => c.Code).FirstOrDefaultAsync(ct) is { } existing)
            return new Error(ErrorKind.Conflict, "promotion_has_code", Texts.Format(Messages.Promotions_HasSharedCode, existing));
        var added = await PromoCodeWrites.AddSharedAsync(db, promotion, command.Code!, command.Actor, clock.GetUtcNow(), ct);
        if (added.IsSuccess) await tx.CommitAsync(ct);
        return added;
    }
}

internal static class PromoCodeErrors
{
    public static Error WrongMode(PromoCodeMode mode) => new(ErrorKind.Conflict, "wrong_code_mode",
        mode == PromoCodeMode.Shared ? Messages.Promotions_SharedHasNoBatch : Messages.Promotions_SingleUseHasNoSharedCode,
        new Dictionary<string, object?> { ["codeMode"] = mode.ToString() });
}
