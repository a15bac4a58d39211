using System.Security.Cryptography;
using System.Text;

namespace O2O.Application.Checkout;

/// <summary>Secrets handed to shoppers. Only the access token's hash is stored.</summary>
public static class OrderTokens
{
    // No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud at the desk or typed on a tablet is not misread.
    private const string PickupAlphabet = "ACDEFGHJKMNPQRTUVWXY34679";

    public static string NewAccessToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string? token, string hash) =>
        !string.IsNullOrEmpty(token) &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(hash));

    public static string NewPickupCode() => RandomNumberGenerator.GetString(PickupAlphabet, 6);

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
