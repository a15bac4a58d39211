using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Accounts;

namespace O2O.Application.Marketing;

public sealed record MyConsentChangeData(bool Given, ConsentSource Source, Guid? CampaignId, DateTimeOffset At);

/// <summary>
/// The shopper's marketing consent and every change of it, in their download; erased with the account. The history goes
/// too: it names the account, and with the account gone no more email can be sent that it would have to justify.
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
        return new
        {
            Consent = consent,
            ConsentChanges = changes.Select(c => new MyConsentChangeData(c.Given, Enum.Parse<ConsentSource>(c.Source), c.CampaignId, c.At.ToUniversalTime())).ToList(),
        };
    }

    public Task<string?> BlockingReasonAsync(string userId, CancellationToken ct) => Task.FromResult<string?>(null);

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"DELETE FROM marketing_consent_changes WHERE user_id = {userId}", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM marketing_consents WHERE user_id = {userId}", ct);
    }

    private sealed record ChangeRow(bool Given, string Source, Guid? CampaignId, DateTimeOffset At);
}
