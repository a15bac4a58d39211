using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace O2O.Bench;

/// <summary>
/// The bench's back-office account: the board and the stock sync are staff and admin doors. The data set is written
/// straight into the database, so the account is too (Identity's own password hash), then it signs in through the
/// API like any client and the scenarios send its bearer token.
/// </summary>
public static class BenchAdmin
{
    public const string Email = "bench-admin@bench.test";

    public static async Task EnsureAsync(NpgsqlDataSource db, string password)
    {
        var hash = new PasswordHasher<object>().HashPassword(new object(), password);
        await using var cmd = db.CreateCommand("""
            WITH u AS (
                INSERT INTO "AspNetUsers" (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash,
                                           security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled,
                                           lockout_enabled, access_failed_count, display_name)
                VALUES ('bench-admin', $1, upper($1), $1, upper($1), true, $2, md5(random()::text), md5(random()::text), false, false,
                        true, 0, 'Bench admin')
                ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, access_failed_count = 0, lockout_end = NULL
                RETURNING id
            )
            INSERT INTO "AspNetUserRoles" (user_id, role_id)
            SELECT u.id, r.id FROM u, "AspNetRoles" r WHERE r.normalized_name = 'ADMIN'
            ON CONFLICT DO NOTHING
            """);
        cmd.Parameters.AddWithValue(Email);
        cmd.Parameters.AddWithValue(hash);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Signs in through <c>POST /api/v1/auth/login</c> and returns the bearer header value.</summary>
    public static async Task<AuthenticationHeaderValue> SignInAsync(HttpClient http, string baseUrl, string password)
    {
        using var response = await http.PostAsJsonAsync($"{baseUrl}/api/v1/auth/login", new { email = Email, password });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The bench admin could not sign in ({(int)response.StatusCode}): {body}");
        using var doc = JsonDocument.Parse(body);
        return new AuthenticationHeaderValue("Bearer", doc.RootElement.GetProperty("accessToken").GetString());
    }
}
