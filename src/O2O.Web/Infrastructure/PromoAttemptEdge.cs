using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using O2O.Application.Common;
using O2O.Application.Promotions;
using O2O.Web.Api;

namespace O2O.Web.Infrastructure;

/// <summary>
/// The edge's side of the brute-force limit on codes (ADR 54): who the client is, the 429 with Retry-After, and the
/// filter that guards <c>POST /api/v1/orders</c> when it carries a <c>promoCode</c>.
/// </summary>
public static class PromoAttemptEdge
{
    public const string ExceededCode = "promo_attempts_exceeded";

    public static IServiceCollection AddPromoAttempts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PromoAttemptOptions>().Bind(configuration.GetSection(PromoAttemptOptions.Section))
            .Validate(o => o.IsValid, "PromoAttempts needs PerAddress and PerAccount of at least 1 and WindowSeconds between 1 and 86400.")
            .ValidateOnStart();
        services.AddScoped<IPromoAttemptGuard, PromoAttemptGuard>();
        return services;
    }

    /// <summary>The client as the rate limits see it (ADR 26): the trusted address and the signed-in account.</summary>
    public static PromoClient ClientOf(HttpContext http, string channel) =>
        new(RateLimits.ClientAddress(http), http.User.FindFirstValue(ClaimTypes.NameIdentifier), channel);

    /// <summary>Seconds a refused client waits, from the refusal's details.</summary>
    public static int RetryAfterSeconds(Error error) =>
        error.Details?.TryGetValue("retryAfterSeconds", out var value) == true && value is int seconds ? seconds : 60;

    /// <summary>An error as problem+json; the limit's 429 also says when to come back, in <c>Retry-After</c>.</summary>
    public static IResult ToProblemWithRetry(this Error error)
    {
        var problem = error.ToProblem();
        return error.Code == ExceededCode ? new WithRetryAfter(problem, RetryAfterSeconds(error)) : problem;
    }

    /// <summary>Guards an endpoint that may take a code in its JSON body's <c>promoCode</c> (placing an order).</summary>
    public static TBuilder GuardsPromoCodes<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new PromoCodeFilter());

    private sealed record WithRetryAfter(IResult Inner, int Seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = Seconds.ToString(CultureInfo.InvariantCulture);
            return Inner.ExecuteAsync(http);
        }
    }

    /// <summary>
    /// Checks the limit before the order is placed, and counts the answer if it says the code does not exist. The other
    /// refusals need a real code and are a shopper's, not a guesser's. The answer is only looked at, never changed, so the
    /// endpoint's idempotent replay stays byte for byte.
    /// </summary>
    private sealed class PromoCodeFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if (!await CarriesPromoCodeAsync(http)) return await next(context);
            var guard = http.RequestServices.GetRequiredService<IPromoAttemptGuard>();
            var attempt = await guard.BeginAsync(ClientOf(http, "checkout"), http.RequestAborted);
            if (attempt.Refusal is { } refused) return refused.ToProblemWithRetry();
            object? result;
            try
            {
                result = await next(context);
            }
            catch
            {
                await guard.EndAsync(attempt, null, CancellationToken.None);
                throw;
            }
            return result is IResult answer ? new Counted(answer, guard, attempt) : result;
        }

        private static async Task<bool> CarriesPromoCodeAsync(HttpContext http)
        {
            if (!http.Request.HasJsonContentType()) return false;
            http.Request.EnableBuffering();
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.EnumerateObject().Any(p =>
                    string.Equals(p.Name, "promoCode", StringComparison.OrdinalIgnoreCase)
                    && p.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.Value.GetString()));
            }
            catch (JsonException)
            {
                return false;
            }
            finally
            {
                http.Request.Body.Position = 0;
            }
        }
    }

    /// <summary>Writes the endpoint's answer through a buffer, to read its status and code before the client gets it.</summary>
    private sealed record Counted(IResult Inner, IPromoAttemptGuard Guard, PromoAttempt Attempt) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await Inner.ExecuteAsync(http);
            }
            finally
            {
                http.Response.Body = original;
            }
            await Guard.EndAsync(Attempt, UnknownCode(http.Response.StatusCode, buffer) ? "promo_not_applicable:unknown" : null, CancellationToken.None);
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
        }

        private static bool UnknownCode(int status, MemoryStream body)
        {
            if (status != StatusCodes.Status422UnprocessableEntity) return false;
            try
            {
                using var doc = JsonDocument.Parse(body.ToArray());
                var root = doc.RootElement;
                return root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() == "promo_not_applicable"
                    && root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String && reason.GetString() == "unknown";
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
