using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;

namespace O2O.Application.Marketing;

/// <summary>
/// Sends a campaign to the shoppers who say yes at this moment (ADR 55): one single-use code and one outbox email each,
/// in batches. <see cref="SiteBaseUrl"/> is where the unsubscribe links point (the admin's own site address).
/// </summary>
public sealed record SendCampaign(Guid CampaignId, string SiteBaseUrl, Actor Actor) : ICommand<Result<CampaignSent>>;

/// <summary><see cref="Sent"/> emails written by this call; <see cref="Recipients"/> shoppers the campaign has reached in all.</summary>
public sealed record CampaignSent(int Sent, int Recipients, DateTimeOffset SentAt);

public sealed class SendCampaignHandler(IAppDbContext db, IUnsubscribeTokens tokens, TimeProvider clock) : ICommandHandler<SendCampaign, Result<CampaignSent>>
{
    public async ValueTask<Result<CampaignSent>> Handle(SendCampaign command, CancellationToken ct)
    {
        if (await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == command.CampaignId, ct) is not { } campaign)
            return Error.NotFound(Messages.NotFound_Campaign);
        var sending = await CampaignSending.PrepareAsync(db, campaign, ct);
        var sent = 0;
        if (campaign.SentAt is null)
        {
            int batch;
            do
            {
                batch = await CampaignSending.SendBatchAsync(db, tokens, sending, command.SiteBaseUrl, clock.GetUtcNow(), CampaignSending.BatchSize, ct);
                sent += batch;
            }
            while (batch == CampaignSending.BatchSize);
            var now = clock.GetUtcNow();
            // Guarded: of two sends finishing together, one marks the campaign sent and writes the audit entry.
            var marked = await db.Database.ExecuteSqlAsync($"UPDATE campaigns SET sent_at = {now.ToUniversalTime()} WHERE id = {campaign.Id} AND sent_at IS NULL", ct);
            if (marked == 1)
            {
                db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "campaign.send", "Campaign", campaign.Id.ToString(), null,
                    new { Recipients = await db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign.Id, ct) }));
                await db.SaveChangesAsync(ct);
            }
        }
        var view = (await ListCampaignsHandler.ReadAsync(db, campaign.Id, ct)).Single();
        return new CampaignSent(sent, view.Recipients, view.SentAt!.Value);
    }
}

/// <summary>
/// The batches of a campaign's sending. Each batch is one transaction that locks the campaign row (so two sends of the
/// same campaign take turns), picks the next consenting shoppers not yet reached, and writes for each their code, their
/// <c>campaign_recipients</c> row (unique per campaign and shopper) and their outbox email, together: a crash loses at
/// most the batch in flight, entirely, and sending again starts where the last committed batch ended.
/// </summary>
public static class CampaignSending
{
    public const int BatchSize = 200;

    public sealed record Prepared(Campaign Campaign, Promotion Promotion, IReadOnlyDictionary<Guid, Store> Stores, Guid[]? NearStoreIds);

    public static async Task<Prepared> PrepareAsync(IAppDbContext db, Campaign campaign, CancellationToken ct)
    {
        var promotion = await db.Promotions.AsNoTracking().FirstAsync(p => p.Id == campaign.PromotionId, ct);
        var stores = await db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        Guid[]? near = null;
        if (campaign is { StoreId: { } storeId, RadiusKm: { } radius } && stores.TryGetValue(storeId, out var centre))
            near = [.. stores.Values.Where(s => s.Location.DistanceKmTo(centre.Location) <= radius).Select(s => s.Id)];
        return new Prepared(campaign, promotion, stores, near);
    }

    /// <summary>Sends the next batch of at most <paramref name="limit"/> shoppers and returns how many it reached (0: done).</summary>
    public static async Task<int> SendBatchAsync(IAppDbContext db, IUnsubscribeTokens tokens, Prepared sending, string siteBaseUrl,
        DateTimeOffset now, int limit, CancellationToken ct)
    {
        var (campaign, promotion, stores, near) = sending;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sentAt = await db.Database.SqlQuery<DateTimeOffset?>($"""
            SELECT sent_at AS "Value" FROM campaigns WHERE id = {campaign.Id} FOR UPDATE
            """).ToListAsync(ct);
        if (sentAt is not [null]) return 0;
        var members = await CampaignAudience.NextAsync(db, campaign, near, now, limit, ct);
        foreach (var m in members)
        {
            var culture = Cultures.Match(m.PreferredCulture) ?? Cultures.Default;
            var code = new PromoCode(Guid.CreateVersion7(), promotion.Id, PromoCodes.Generate(), singleUse: true, campaign.Id, now);
            db.PromoCodes.Add(code);
            db.CampaignRecipients.Add(new CampaignRecipient(campaign.Id, m.UserId, code.Id, culture, now));
            // The campaign's store, else the shopper's own store if the promotion is good there, else no store at all.
            var store = campaign.StoreId is { } invited ? stores[invited]
                : m.HomeStoreId is { } home && promotion.CoversStore(home) && stores.TryGetValue(home, out var own) ? own : null;
            var link = UnsubscribeLinks.For(siteBaseUrl, tokens.Issue(new UnsubscribeTicket(m.UserId, campaign.Id)), culture);
            db.Emails.Add(CampaignEmails.Offer(m.UserId, m.Email, m.DisplayName, culture, promotion, code.Code, store, link, now));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return members.Count;
    }
}
