namespace O2O.Application.Marketing;

/// <summary>Whose unsubscribe link this is, and which campaign's email carried it (null for a link not sent with one).</summary>
public sealed record UnsubscribeTicket(string UserId, Guid? CampaignId);

/// <summary>
/// Signs and reads the token of an unsubscribe link (ADR 55). A token names an account, so it must be impossible to
/// make one for someone else's: the implementation signs it with the app's data-protection key ring.
/// </summary>
public interface IUnsubscribeTokens
{
    string Issue(UnsubscribeTicket ticket);

    /// <summary>The ticket, or null for a token that was not issued here (tampered, truncated, or from another key ring).</summary>
    UnsubscribeTicket? Read(string? token);
}

public static class UnsubscribeLinks
{
    /// <summary>The address of the unsubscribe page for <paramref name="token"/>; the page speaks <paramref name="culture"/>.</summary>
    public static string For(string siteBaseUrl, string token, string? culture) =>
        $"{siteBaseUrl.TrimEnd('/')}/unsubscribe?t={Uri.EscapeDataString(token)}"
        + (culture is { Length: > 0 } ? $"&culture={Uri.EscapeDataString(culture)}" : "");
}
