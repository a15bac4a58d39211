using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Accounts;

namespace O2O.Application.Marketing;

public sealed record MyConsentChangeData(bool Given, ConsentSource Source, Guid? CampaignId, DateTimeOffset At);

public sealed record MyCampaignData(Guid CampaignId, string Campaign, string Code, string Culture, DateTimeOffset SentAt);

/// <summary>
/// The shopper's marketing consent and every change of it, the campaigns sent to them with their codes, and those emails,
/// in their download; all erased with the account. The consent history goes too: it names the account, and with the
/// account gone no more email can be sent that it would have to justify. The codes stay (unnamed) for the dashboard.
/// </summary>
public sealed class MarketingPersonalData(IAppDbContext db) : IPersonalDataHolder
{
    public string Section => "marketing";

    public async Task<object> ExportAsync(string userId, CancellationToken ct)
    {
        var consent = await GetMarketingConsentHandler.ReadAsync(db, userId, ct);
        var changes = await db.Database.SqlQuery<ChangeRow>($"""
            SELECT given, source, campaign_id, at FROM marketing_consent_changes WHERE user_id = {userId} ORDER BY id
            """).ToListAsync(ct);
        var campaigns = await (from r in db.CampaignRecipients.AsNoTracking()
                               join c in db.Campaigns on r.CampaignId equals c.Id
                               join code in db.PromoCodes on r.CodeId equals code.Id
                               where r.UserId == userId
                               orderby r.CreatedAt
                               select new MyCampaignData(c.Id, c.Name, code.Code, r.Culture, r.CreatedAt)).ToListAsync(ct);
        var emails = await db.Emails.AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Id)
            .Select(e => new MyEmailData(e.Kind, e.To, e.Subject, e.Body, e.CreatedAt, e.SentAt)).ToListAsync(ct);
        return new
        {
            Consent = consent,
            ConsentChanges = changes.Select(c => new MyConsentChangeData(c.Given, Enum.Parse<ConsentSource>(c.Source), c.CampaignId, c.At.ToUniversalTime())).ToList(),
            Campaigns = campaigns,
            EmailsSent = emails,
        };
    }

    public Task<string?> BlockingReasonAsync(string userId, CancellationToken ct) => Task.FromResult<string?>(null);

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"DELETE FROM outbox_emails WHERE user_id = {userId}", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM campaign_recipients WHERE user_id = {userId}", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM marketing_consent_changes WHERE user_id = {userId}", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM marketing_consents WHERE user_id = {userId}", ct);
    }

    private sealed record ChangeRow(bool Given, string Source, Guid? CampaignId, DateTimeOffset At);
}
