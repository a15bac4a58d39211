using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Marketing;

/// <summary>
/// What the unsubscribe page shows before the shopper presses the button: a GET never unsubscribes, because mail
/// scanners and link previews follow links. Null when the link is not one of ours or its account is gone.
/// </summary>
public sealed record ReadUnsubscribeLink(string? Token) : IQuery<UnsubscribeLink?>;

public sealed record UnsubscribeLink(bool AlreadyUnsubscribed);

public sealed class ReadUnsubscribeLinkHandler(IAppDbContext db, IUnsubscribeTokens tokens) : IQueryHandler<ReadUnsubscribeLink, UnsubscribeLink?>
{
    public async ValueTask<UnsubscribeLink?> Handle(ReadUnsubscribeLink query, CancellationToken ct)
    {
        if (tokens.Read(query.Token) is not { } ticket) return null;
        if (!await UnsubscribeHandler.AccountExistsAsync(db, ticket.UserId, ct)) return null;
        var consent = await GetMarketingConsentHandler.ReadAsync(db, ticket.UserId, ct);
        return new UnsubscribeLink(consent.Given == false);
    }
}

/// <summary>
/// The one-click unsubscribe (RFC 8058): the mail client's POST, or the page's button, with the signed token and no
/// sign-in. Records "refused, from an unsubscribe link" (and the campaign that carried it); a second time changes nothing.
/// </summary>
public sealed record Unsubscribe(string? Token) : ICommand<Result<bool>>;

public sealed class UnsubscribeHandler(IAppDbContext db, IUnsubscribeTokens tokens, TimeProvider clock) : ICommandHandler<Unsubscribe, Result<bool>>
{
    public static Error InvalidLink => new(ErrorKind.NotFound, "unsubscribe_link_invalid", Messages.Marketing_UnsubscribeLinkInvalid);

    public async ValueTask<Result<bool>> Handle(Unsubscribe command, CancellationToken ct)
    {
        if (tokens.Read(command.Token) is not { } ticket) return InvalidLink;
        var written = await MarketingConsentSql.RecordAsync(db, ticket.UserId, false, ConsentSource.Unsubscribe, ticket.CampaignId, clock.GetUtcNow(), ct);
        return written switch
        {
            ConsentWrite.UnknownAccount => InvalidLink,
            ConsentWrite.Changed => true,
            _ => false,
        };
    }

    internal static async Task<bool> AccountExistsAsync(IAppDbContext db, string userId, CancellationToken ct) =>
        await db.Database.SqlQuery<int>($"""SELECT 1 AS "Value" FROM "AspNetUsers" WHERE id = {userId}""").AnyAsync(ct);
}
