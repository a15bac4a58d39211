using System.Net;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Security;

namespace O2O.IntegrationTests.Localization;

/// <summary>A refused caller reads how long to wait in their own language; the status, Retry-After and door stay the same.</summary>
public sealed class RateLimitLanguageTests(RateLimitedApp fixture) : RateLimitedTest(fixture)
{
    private async Task<HttpResponseMessage> RefusedAsync(string? language)
    {
        var client = RateLimitedApp.From(App.CreateClient(), RateLimitedApp.FreshAddress());
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        HttpResponseMessage last = null!;
        for (var i = 0; i <= RateLimitedApp.PerAddress; i++) last = await client.PostJsonAsync("/api/v1/orders", new { });
        return last;
    }

    [Fact]
    public async Task Too_many_orders_is_refused_in_the_callers_language()
    {
        var french = await (await RefusedAsync("fr")).ProblemAsync(HttpStatusCode.TooManyRequests);
        var russian = await (await RefusedAsync("ru")).ProblemAsync(HttpStatusCode.TooManyRequests);
        var english = await (await RefusedAsync(null)).ProblemAsync(HttpStatusCode.TooManyRequests);

        english["title"]!.GetValue<string>().ShouldStartWith("Too many attempts.");
        french["title"]!.GetValue<string>().ShouldStartWith("Trop de tentatives. Patientez ");
        russian["title"]!.GetValue<string>().ShouldStartWith("Слишком много попыток. Подождите ");
        foreach (var problem in new[] { french, russian })
        {
            problem["door"]!.GetValue<string>().ShouldBe(english["door"]!.GetValue<string>());
            problem["type"]?.GetValue<string>().ShouldBe(english["type"]?.GetValue<string>());
        }
    }
}
