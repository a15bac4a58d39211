using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using O2O.Application.Marketing;

namespace O2O.Infrastructure.Email;

/// <summary>
/// Unsubscribe tokens protected (encrypted and authenticated) by the data-protection key ring the app already keeps in
/// PostgreSQL for its cookies, so every instance reads every other's links and no secret is added to the settings.
/// Keys retire from signing after 90 days but keep reading, so an old email's link still works (ADR 55).
/// </summary>
public sealed class DataProtectionUnsubscribeTokens(IDataProtectionProvider provider) : IUnsubscribeTokens
{
    /// <summary>The purpose isolates these tokens: a cookie or any other protected payload never reads as one.</summary>
    private readonly IDataProtector _protector = provider.CreateProtector("O2O.Marketing.Unsubscribe.v1");

    /// <summary>Far above a real token (about 200 characters): anything longer is not worth decrypting.</summary>
    private const int MaxTokenLength = 1000;

    public string Issue(UnsubscribeTicket ticket) =>
        _protector.Protect($"{ticket.UserId}\n{ticket.CampaignId?.ToString("N") ?? ""}");

    public UnsubscribeTicket? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength) return null;
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
        var parts = payload.Split('\n');
        if (parts is not [{ Length: > 0 } userId, var campaign]) return null;
        return new UnsubscribeTicket(userId, Guid.TryParseExact(campaign, "N", out var id) ? id : null);
    }
}
