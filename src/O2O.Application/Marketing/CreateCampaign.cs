using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Promotions;

namespace O2O.Application.Marketing;

/// <summary>
/// An admin prepares a campaign: a name, the single-use promotion whose codes it hands out, and optionally the store it
/// invites to and a radius around it (ADR 55). Nothing is sent until <see cref="SendCampaign"/>.
/// </summary>
public sealed record CreateCampaign(string? Name, Guid? PromotionId, Guid? StoreId, int? RadiusKm, Actor Actor) : ICommand<Result<CampaignView>>;

public sealed class CreateCampaignValidator : AbstractValidator<CreateCampaign>
{
    public CreateCampaignValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Campaign.NameMaxLength).OverridePropertyName("name").WithName(_ => Messages.Field_CampaignName);
        RuleFor(x => x.PromotionId).NotEmpty().OverridePropertyName("promotionId").WithMessage(_ => Messages.Campaign_PromotionRequired);
        RuleFor(x => x.RadiusKm).InclusiveBetween(1, 500).OverridePropertyName("radiusKm").WithName(_ => Messages.Field_CampaignRadius);
        RuleFor(x => x.StoreId).NotNull().When(x => x.RadiusKm is not null).OverridePropertyName("storeId")
            .WithMessage(_ => Messages.Campaign_RadiusNeedsStore);
    }
}

public sealed class CreateCampaignHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<CreateCampaign, Result<CampaignView>>
{
    public async ValueTask<Result<CampaignView>> Handle(CreateCampaign command, CancellationToken ct)
    {
        var promotion = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.PromotionId, ct);
        if (promotion is null) return Error.Invalid("promotionId", Messages.Campaign_PromotionUnknown);
        // One code per shopper, each usable once: a shared code would let one email's code serve everyone it is forwarded to.
        if (promotion.CodeMode != PromoCodeMode.SingleUse) return Error.Invalid("promotionId", Messages.Campaign_PromotionNotSingleUse);
        if (command.StoreId is { } storeId)
        {
            if (!await db.Stores.AnyAsync(s => s.Id == storeId, ct)) return Error.Invalid("storeId", Messages.Campaign_StoreUnknown);
            if (!promotion.CoversStore(storeId)) return Error.Invalid("storeId", Messages.Campaign_StoreNotCovered);
        }
        var now = clock.GetUtcNow();
        var campaign = new Campaign(Guid.CreateVersion7(), command.Name!, promotion.Id, command.StoreId, command.RadiusKm, now, command.Actor.Name);
        db.Campaigns.Add(campaign);
        db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "campaign.create", "Campaign", campaign.Id.ToString(), null,
            new { campaign.Name, campaign.PromotionId, campaign.StoreId, campaign.RadiusKm }));
        await db.SaveChangesAsync(ct);
        return (await ListCampaignsHandler.ReadAsync(db, campaign.Id, ct)).Single();
    }
}
