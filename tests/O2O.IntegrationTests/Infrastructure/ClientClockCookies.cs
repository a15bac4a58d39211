using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Primitives;

namespace O2O.IntegrationTests.Infrastructure;

/// <summary>
/// The app's clock is pinned (<see cref="TestClock"/>) but its clients are not: a CookieContainer or Chromium judges a
/// cookie's <c>Expires</c> by the machine's clock, and would drop a sign-in cookie "expiring" 14 days after a pinned
/// instant months ago. On the way out, each Set-Cookie expiry is moved by the gap between the two clocks, as if the
/// client's clock agreed with the app's. The app still checks the ticket's own expiry against its pinned clock.
/// </summary>
public sealed partial class ClientClockCookies(TestClock clock) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Registered first, so it runs after every other OnStarting callback and sees all the cookies.
        app.Use((context, nextMiddleware) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (headers.SetCookie.Count > 0)
                    headers.SetCookie = new StringValues([.. headers.SetCookie.Select(c => Translate(c!))]);
                return Task.CompletedTask;
            });
            return nextMiddleware(context);
        });
        next(app);
    };

    private string Translate(string setCookie) => Expires().Replace(setCookie, m =>
    {
        if (!DateTimeOffset.TryParseExact(m.Groups[1].Value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            return m.Value;
        var gap = DateTimeOffset.UtcNow - clock.GetUtcNow();
        return "expires=" + (expires + gap).ToString("r", CultureInfo.InvariantCulture);
    });

    [GeneratedRegex("expires=([^;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Expires();
}
