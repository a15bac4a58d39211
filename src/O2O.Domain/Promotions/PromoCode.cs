using System.Security.Cryptography;
using System.Text;
using O2O.Domain.Common;

namespace O2O.Domain.Promotions;

/// <summary>
/// A code a shopper types or a till scans. Looked up by <see cref="Normalized"/> (unique), so case, spaces, dashes and
/// the letters people confuse with digits never matter. <see cref="Uses"/> is written by SQL only (ADR 51); a CHECK
/// keeps a single-use code at one use at most.
/// </summary>
public sealed class PromoCode
{
    public const int MaxLength = 40;

    private PromoCode() { }

    public PromoCode(Guid id, Guid promotionId, string code, bool singleUse, Guid? campaignId, DateTimeOffset createdAt)
    {
        var normalized = PromoCodes.Normalize(code);
        if (normalized.Length is < PromoCodes.MinSharedLength or > MaxLength)
            throw new DomainException($"A code is {PromoCodes.MinSharedLength} to {MaxLength} letters and digits.");
        Id = id;
        PromotionId = promotionId;
        Code = code.Trim().ToUpperInvariant();
        Normalized = normalized;
        SingleUse = singleUse;
        CampaignId = campaignId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid PromotionId { get; private set; }
    /// <summary>As printed and sent: upper case, with the generated codes' dashes.</summary>
    public string Code { get; private set; } = "";
    public string Normalized { get; private set; } = "";
    public bool SingleUse { get; private set; }
    /// <summary>The campaign that sent this code to one shopper, for the dashboard's "codes sent"; null for a shared code.</summary>
    public Guid? CampaignId { get; private set; }
    public int Uses { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>Reading and making codes (ADR 51).</summary>
public static class PromoCodes
{
    public const int MinSharedLength = 4;

    /// <summary>
    /// Generated codes use 31 symbols: digits and capitals without 0, 1, O, I and L, which people misread. Twelve of them
    /// are about 59 bits: guessing one in a batch of a million at the rate limit's pace takes longer than any promotion lasts.
    /// </summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public const int GeneratedLength = 12;

    /// <summary>
    /// What a code is compared by: upper case, without spaces, dashes or dots, with O read as 0 and I and L as 1, so a
    /// code read aloud or typed from a receipt still matches. Shared codes an admin chose ("HELLO") go through the same
    /// function when stored, so they match too.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Trim().ToUpperInvariant())
        {
            switch (ch)
            {
                case ' ' or '-' or '.' or '_' or '\u00A0':
                    continue;
                case 'O':
                    sb.Append('0');
                    break;
                case 'I' or 'L':
                    sb.Append('1');
                    break;
                case >= 'A' and <= 'Z' or >= '0' and <= '9':
                    sb.Append(ch);
                    break;
                default:
                    // Anything else can't be part of a code; keep it so the lookup misses rather than matching a shorter code.
                    sb.Append('?');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A new unguessable code, "XXXX-XXXX-XXXX", from a cryptographic generator.</summary>
    public static string Generate()
    {
        var symbols = RandomNumberGenerator.GetItems<char>(Alphabet, GeneratedLength);
        return string.Create(GeneratedLength + 2, symbols, static (span, s) =>
        {
            var j = 0;
            for (var i = 0; i < s.Length; i++)
            {
                if (i is 4 or 8) span[j++] = '-';
                span[j++] = s[i];
            }
        });
    }
}
