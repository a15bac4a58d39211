using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using O2O.Application.Localization;

namespace O2O.Web.Infrastructure;

/// <summary>The doors an attacker would hammer. Each has its own budget per client address and per account.</summary>
public enum Door
{
    SignIn,
    Register,
    PasswordReset,
    PlaceOrder,
    OrderRead,
    PickupCode,
    DeskLookup,
}

/// <summary>How many requests one client address, and one signed-in account, may send through a door per window.</summary>
public sealed class DoorLimit
{
    public int PerAddress { get; set; }
    public int PerAccount { get; set; }
    public int WindowSeconds { get; set; }

    public bool IsValid => PerAddress is >= 1 and <= 1_000_000_000 && PerAccount is >= 1 and <= 1_000_000_000 && WindowSeconds is >= 1 and <= 86_400;
}

/// <summary>
/// Production budgets (ADR 26). Sign-in allows fewer tries per address in its window than
/// the five failures that lock an account, so one address is refused before it can lock anyone out.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public DoorLimit SignIn { get; set; } = new() { PerAddress = 4, PerAccount = 20, WindowSeconds = 900 };
    public DoorLimit Register { get; set; } = new() { PerAddress = 10, PerAccount = 10, WindowSeconds = 3600 };
    public DoorLimit PasswordReset { get; set; } = new() { PerAddress = 10, PerAccount = 10, WindowSeconds = 3600 };
    public DoorLimit PlaceOrder { get; set; } = new() { PerAddress = 30, PerAccount = 10, WindowSeconds = 60 };
    public DoorLimit OrderRead { get; set; } = new() { PerAddress = 120, PerAccount = 120, WindowSeconds = 60 };
    public DoorLimit PickupCode { get; set; } = new() { PerAddress = 60, PerAccount = 30, WindowSeconds = 60 };
    public DoorLimit DeskLookup { get; set; } = new() { PerAddress = 60, PerAccount = 30, WindowSeconds = 60 };

    public DoorLimit For(Door door) => door switch
    {
        Door.SignIn => SignIn,
        Door.Register => Register,
        Door.PasswordReset => PasswordReset,
        Door.PlaceOrder => PlaceOrder,
        Door.OrderRead => OrderRead,
        Door.PickupCode => PickupCode,
        Door.DeskLookup => DeskLookup,
        _ => throw new ArgumentOutOfRangeException(nameof(door)),
    };
}

/// <summary>
/// Endpoint metadata: requests with <paramref name="Method"/> (and, for a page, its <paramref name="PageHandler"/>) go
/// through <paramref name="Door"/>. A page's GET is not an attempt, so only its POST is counted.
/// </summary>
public sealed record RateLimitedDoor(Door Door, string Method, string? PageHandler = null)
{
    public bool Counts(HttpRequest request)
    {
        if (!HttpMethods.Equals(request.Method, Method)) return false;
        if (PageHandler is null) return true;
        var handler = request.RouteValues["handler"] as string ?? request.Query["handler"].ToString();
        return string.Equals(handler, PageHandler, StringComparison.OrdinalIgnoreCase);
    }
}

public static class RateLimits
{
    public static TBuilder RateLimited<TBuilder>(this TBuilder builder, Door door, string method) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimitedDoor(door, method));

    public static void RateLimitPage(this PageConventionCollection conventions, string page, Door door, string? handler = null, string? method = null) =>
        conventions.AddPageApplicationModelConvention(page, m => m.EndpointMetadata.Add(new RateLimitedDoor(door, method ?? HttpMethods.Post, handler)));

    private static void RateLimitPages(this PageConventionCollection conventions)
    {
        conventions.RateLimitPage("/Account/Login", Door.SignIn);
        conventions.RateLimitPage("/Account/Register", Door.Register);
        conventions.RateLimitPage("/Account/SetPassword", Door.PasswordReset);
        conventions.RateLimitPage("/Checkout/Index", Door.PlaceOrder);
        conventions.RateLimitPage("/Orders/Details", Door.OrderRead, method: HttpMethods.Get);
        conventions.RateLimitPage("/Orders/Pay", Door.OrderRead, method: HttpMethods.Get);
        conventions.RateLimitPage("/Staff/Order", Door.PickupCode, handler: "Collect");
        conventions.RateLimitPage("/Staff/Handover", Door.DeskLookup);
    }

    public static IServiceCollection AddO2ORateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => Enum.GetValues<Door>().All(d => o.For(d).IsValid),
                "Every RateLimits door needs PerAddress and PerAccount of at least 1 and WindowSeconds between 1 and 86400.")
            .ValidateOnStart();
        services.Configure<RazorPagesOptions>(o => o.Conventions.RateLimitPages());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((o, limits) =>
            {
                // Chained: a request must fit both its address's budget and its account's, whichever runs out first refuses it.
                o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    Partition(limits.Value, "address", http => ClientAddress(http), l => l.PerAddress),
                    Partition(limits.Value, "account", http => http.User.FindFirstValue(ClaimTypes.NameIdentifier), l => l.PerAccount));
                o.OnRejected = RejectAsync;
            });
        return services;
    }

    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static PartitionedRateLimiter<HttpContext> Partition(RateLimitOptions limits, string by, Func<HttpContext, string?> key,
        Func<DoorLimit, int> permits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var door = http.GetEndpoint()?.Metadata.GetMetadata<RateLimitedDoor>();
            if (door is null || !door.Counts(http.Request) || key(http) is not { } who) return RateLimitPartition.GetNoLimiter("");
            var limit = limits.For(door.Door);
            return RateLimitPartition.GetFixedWindowLimiter($"{door.Door}|{by}|{who}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits(limit),
                Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                QueueLimit = 0,
            });
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        // Pages leave the body empty, so the status-code page explains it in words (Pages/Error); the API says it in problem+json.
        if (!WebApplicationExtensions.IsApi(http)) return;
        var door = http.GetEndpoint()?.Metadata.GetMetadata<RateLimitedDoor>()?.Door;
        await Results.Problem(title: ErrorMessages.TooManyRequests(retryAfter), statusCode: StatusCodes.Status429TooManyRequests,
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = retryAfter, ["door"] = door?.ToString() })
            .ExecuteAsync(http);
    }
}

/// <summary>The words a refused visitor reads, in their language.</summary>
public static class ErrorMessages
{
    public static string TooManyRequests(int retryAfterSeconds) => retryAfterSeconds switch
    {
        < 60 => Plural.Format(Messages.ResourceManager, nameof(Messages.RateLimited_Seconds_other), Math.Max(1, retryAfterSeconds)),
        < 120 => Plural.Format(Messages.ResourceManager, nameof(Messages.RateLimited_Minutes_other), 1),
        _ => Plural.Format(Messages.ResourceManager, nameof(Messages.RateLimited_Minutes_other), (retryAfterSeconds + 59) / 60),
    };
}
