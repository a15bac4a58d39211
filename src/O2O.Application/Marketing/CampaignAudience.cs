using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Promotions;

namespace O2O.Application.Marketing;

/// <summary>One shopper a campaign is about to reach: their account, where their emails go, and the store O2O knows them by.</summary>
public sealed record CampaignAudienceMember(string UserId, string Email, string DisplayName, string? PreferredCulture, Guid? HomeStoreId);

/// <summary>
/// Who a campaign reaches at the moment of sending (ADR 55): accounts whose current answer is yes (no answer is no),
/// not disabled, not yet sent this campaign. "Near a store" is the store O2O knows the shopper by: the one their cart
/// follows (the "my store" they chose), else the store of their latest order; shoppers with neither are not near any
/// store. O2O keeps no shopper's position (the storefront's "use my location" is never stored), and a shopper's store is
/// where they will come to use the code anyway.
/// </summary>
public static class CampaignAudience
{
    /// <param name="nearStoreIds">The stores within the campaign's radius; null when the campaign is for every consenting shopper.</param>
    public static async Task<List<CampaignAudienceMember>> NextAsync(IAppDbContext db, Campaign campaign, Guid[]? nearStoreIds,
        DateTimeOffset now, int limit, CancellationToken ct)
    {
        var utc = now.ToUniversalTime();
        var anyStore = nearStoreIds is null;
        var stores = nearStoreIds ?? [];
        return await db.Database.SqlQuery<CampaignAudienceMember>($"""
            SELECT u.id AS user_id, u.email, u.display_name, u.preferred_culture, h.store_id AS home_store_id
            FROM marketing_consents mc
            JOIN "AspNetUsers" u ON u.id = mc.user_id
            LEFT JOIN LATERAL (
                SELECT COALESCE(
                    (SELECT c.store_id FROM carts c WHERE c.user_id = u.id AND c.store_id IS NOT NULL),
                    (SELECT o.store_id FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC, o.id DESC LIMIT 1)) AS store_id
            ) h ON true
            WHERE mc.given
              AND u.email IS NOT NULL
              AND (u.lockout_end IS NULL OR u.lockout_end <= {utc})
              AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = {campaign.Id} AND r.user_id = u.id)
              AND ({anyStore} OR h.store_id = ANY({stores}))
            ORDER BY u.id
            LIMIT {limit}
            """).ToListAsync(ct);
    }
}
