using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Marketing;

/// <summary>The campaigns, newest first, with how many shoppers each reached.</summary>
public sealed record ListCampaigns : IQuery<IReadOnlyList<CampaignView>>;

public sealed record GetCampaign(Guid Id) : IQuery<CampaignView?>;

/// <summary>Instants are UTC; <see cref="StoreTimeZone"/> is the invited store's, for a page to show them on its clock.</summary>
public sealed record CampaignView(Guid Id, string Name, Guid PromotionId, string PromotionName, Guid? StoreId, string? StoreName,
    string? StoreTimeZone, int? RadiusKm, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? SentAt, int Recipients);

public sealed class ListCampaignsHandler(IAppDbContext db) : IQueryHandler<ListCampaigns, IReadOnlyList<CampaignView>>, IQueryHandler<GetCampaign, CampaignView?>
{
    public async ValueTask<IReadOnlyList<CampaignView>> Handle(ListCampaigns query, CancellationToken ct) => await ReadAsync(db, null, ct);

    public async ValueTask<CampaignView?> Handle(GetCampaign query, CancellationToken ct) => (await ReadAsync(db, query.Id, ct)).SingleOrDefault();

    internal static async Task<List<CampaignView>> ReadAsync(IAppDbContext db, Guid? id, CancellationToken ct) =>
        (await (from c in db.Campaigns.AsNoTracking()
                join p in db.Promotions on c.PromotionId equals p.Id
                join s in db.Stores on c.StoreId equals s.Id into store
                from s in store.DefaultIfEmpty()
                where id == null || c.Id == id
                orderby c.CreatedAt descending, c.Id descending
                select new
                {
                    c.Id, c.Name, c.PromotionId, PromotionName = p.Name, c.StoreId, StoreName = s == null ? null : s.Name,
                    TimeZone = s == null ? null : s.TimeZoneId, c.RadiusKm, c.CreatedAt, c.CreatedBy, c.SentAt,
                    Recipients = db.CampaignRecipients.Count(r => r.CampaignId == c.Id),
                }).ToListAsync(ct))
        .Select(c => new CampaignView(c.Id, c.Name, c.PromotionId, c.PromotionName, c.StoreId, c.StoreName, c.TimeZone, c.RadiusKm,
            c.CreatedAt.ToUniversalTime(), c.CreatedBy, c.SentAt?.ToUniversalTime(), c.Recipients)).ToList();
}

/// <summary>What the campaign form offers: the promotions with single-use codes, and the stores.</summary>
public sealed record ListCampaignChoices : IQuery<CampaignChoices>;

public sealed record CampaignChoice(Guid Id, string Name);

public sealed record CampaignChoices(IReadOnlyList<CampaignChoice> Promotions, IReadOnlyList<CampaignChoice> Stores);

public sealed class ListCampaignChoicesHandler(IAppDbContext db) : IQueryHandler<ListCampaignChoices, CampaignChoices>
{
    public async ValueTask<CampaignChoices> Handle(ListCampaignChoices query, CancellationToken ct) => new(
        await db.Promotions.AsNoTracking().Where(p => p.CodeMode == Domain.Promotions.PromoCodeMode.SingleUse)
            .OrderByDescending(p => p.CreatedAt).Select(p => new CampaignChoice(p.Id, p.Name)).ToListAsync(ct),
        await db.Stores.AsNoTracking().OrderBy(s => s.Name).Select(s => new CampaignChoice(s.Id, s.Name)).ToListAsync(ct));
}
