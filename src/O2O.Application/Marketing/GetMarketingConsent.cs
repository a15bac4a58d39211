using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;

namespace O2O.Application.Marketing;

/// <summary>The shopper's answer about marketing emails; <see cref="MarketingConsentView.Given"/> is null when never asked.</summary>
public sealed record GetMarketingConsent(string UserId) : IQuery<MarketingConsentView>;

/// <summary><see cref="ChangedAt"/> is UTC: an account has no store whose clock it would be read on.</summary>
public sealed record MarketingConsentView(bool? Given, ConsentSource? Source, DateTimeOffset? ChangedAt)
{
    public static readonly MarketingConsentView NeverAsked = new(null, null, null);
}

public sealed class GetMarketingConsentHandler(IAppDbContext db) : IQueryHandler<GetMarketingConsent, MarketingConsentView>
{
    public async ValueTask<MarketingConsentView> Handle(GetMarketingConsent query, CancellationToken ct) =>
        await ReadAsync(db, query.UserId, ct);

    internal static async Task<MarketingConsentView> ReadAsync(IAppDbContext db, string userId, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<ConsentRow>($"""
            SELECT given, source, changed_at FROM marketing_consents WHERE user_id = {userId}
            """).ToListAsync(ct);
        return rows is [var row] ? new MarketingConsentView(row.Given, Enum.Parse<ConsentSource>(row.Source), row.ChangedAt.ToUniversalTime())
            : MarketingConsentView.NeverAsked;
    }

    private sealed record ConsentRow(bool Given, string Source, DateTimeOffset ChangedAt);
}
