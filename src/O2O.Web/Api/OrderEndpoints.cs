using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using O2O.Application.Checkout;
using O2O.Application.Orders;
using O2O.Web.Infrastructure;
using O2O.Application.Localization;

namespace O2O.Web.Api;

public static class OrderEndpoints
{
    public const string OrderTokenHeader = "X-Order-Token";

    /// <param name="CollectorName">Optional: someone the shopper sends to collect in their place (letters, spaces, ' - . ; at most 100 characters).</param>
    public sealed record PlaceOrderBody(Guid StoreId, DateTimeOffset? PickupSlotStart, CustomerInput? Customer, List<OrderLineInput>? Lines,
        string? CollectorName = null)
    {
        /// <summary>Ready at the desk once prepared, instead of a pickup slot (send no pickupSlotStart with it).</summary>
        public bool CollectNow { get; init; }

        /// <summary>Loyalty points a signed-in shopper pays part of the order with.</summary>
        public long? LoyaltyPoints { get; init; }

        /// <summary>A promotion code (case, spaces and dashes don't matter): 422 promo_not_applicable with a reason, 409 promo_exhausted.</summary>
        public string? PromoCode { get; init; }
    }

    public sealed record CancelBody(string? Reason);

    public sealed record ArrivedBody(string? Note);

    /// <param name="CollectorName">Who collects in the shopper's place; null or blank: the shopper comes themselves.</param>
    public sealed record CollectorBody(string? CollectorName);

    public static void MapOrderEndpoints(this RouteGroupBuilder v1)
    {
        var orders = v1.MapGroup("/orders").WithTags("Orders");

        orders.MapPost("/", PlaceOrderAsync)
            .WithName("PlaceOrder")
            .RateLimited(Door.PlaceOrder, HttpMethods.Post)
            .GuardsPromoCodes()
            .WithSecurity(ApiSecurity.OptionalBearer)
            .WithSummary("Holds stock at the store and a place in the pickup slot, and starts the payment. Send an Idempotency-Key to retry safely. Optional collectorName: someone who collects in the shopper's place (letters, spaces, apostrophes, hyphens and dots, at most 100 characters); the desk sees it.")
            .Accepts<PlaceOrderBody>("application/json")
            .Produces<PlacedOrder>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        orders.MapGet("/{id:guid}", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetOrder(id, http.Request.Headers[OrderTokenHeader], http.User.ToActor()), ct), Messages.NotFound_Order))
            .WithName("GetOrder")
            .RateLimited(Door.OrderRead, HttpMethods.Get)
            .WithSecurity(ApiSecurity.OrderTokenOrBearer)
            .WithSummary("The order, for the holder of its X-Order-Token, its signed-in owner, or staff of its store.")
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        orders.MapPost("/{id:guid}/cancel", async (Guid id, CancelBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new CancelOrder(id, http.Request.Headers[OrderTokenHeader], http.User.ToActor(), body?.Reason), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("CancelOrder")
            .WithSecurity(ApiSecurity.OrderTokenOrBearer)
            .WithSummary("Cancels a paid order while the life cycle allows it: the money goes back, stock and slot are released.")
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        orders.MapPost("/{id:guid}/arrived", async (Guid id, ArrivedBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new AnnounceArrival(id, http.Request.Headers[OrderTokenHeader], http.User.ToActor(), body?.Note), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("AnnounceArrival")
            .WithSecurity(ApiSecurity.OrderTokenOrBearer)
            .WithSummary("\"I'm here\": tells the store's desk the shopper has arrived, with an optional note (at most 200 characters), from 30 minutes before the slot until the store stops holding the order. Saying it again keeps the first time.")
            .Produces<OrderView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        orders.MapPost("/{id:guid}/collector", async (Guid id, CollectorBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new NameCollector(id, http.Request.Headers[OrderTokenHeader], http.User.ToActor(), body?.CollectorName), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("NameCollector")
            .WithSecurity(ApiSecurity.OrderTokenOrBearer)
            .WithSummary("Names someone to collect the order in the shopper's place (collectorName: letters, spaces, apostrophes, hyphens and dots, at most 100 characters), or clears it with null, until the order is handed over. The desk sees the name.")
            .Produces<OrderView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> PlaceOrderAsync(HttpContext http, ISender sender, IdempotencyStore idempotency,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        // The body is read by hand (to hash it for the Idempotency-Key), so the JSON-only rule a bound body gets is ours.
        if (!http.Request.HasJsonContentType())
            return TypedResults.Problem(title: Messages.Problem_SendJson, statusCode: StatusCodes.Status415UnsupportedMediaType);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var raw = buffer.ToArray();
        PlaceOrderBody? body;
        try
        {
            body = JsonSerializer.Deserialize<PlaceOrderBody>(raw, json.Value.SerializerOptions);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(InputErrors.FromJson(ex, typeof(PlaceOrderBody)), title: Messages.Api_OrderJsonInvalid,
                extensions: new Dictionary<string, object?> { ["code"] = ProblemLanguage.InvalidCode });
        }
        if (body is null) return TypedResults.Problem(title: Messages.Api_BodyEmpty, statusCode: StatusCodes.Status400BadRequest);

        var userId = http.User.ToActor().UserId;
        var command = new PlaceOrder(body.StoreId, body.PickupSlotStart, body.Customer, body.Lines)
        {
            UserId = userId,
            CollectNow = body.CollectNow,
            CollectorName = body.CollectorName,
            LoyaltyPoints = body.LoyaltyPoints,
            PromoCode = body.PromoCode,
        };
        string? key = http.Request.Headers["Idempotency-Key"];
        if (string.IsNullOrWhiteSpace(key)) return await SendAsync();
        if (key.Length > 200) return TypedResults.Problem(title: Messages.Api_KeyTooLong, statusCode: StatusCodes.Status400BadRequest);
        if (userId is null && !IsRandomUuid(key))
            return TypedResults.Problem(title: Messages.Api_GuestKey,
                detail: Messages.Api_GuestKeyDetail,
                statusCode: StatusCodes.Status400BadRequest);

        var scope = IdempotencyStore.ScopeFor("place-order", userId);
        IdempotencyStore.Lease lease;
        // The order remembers the key in its own commit: a retry after a crash that lost the answer finds it (ADR 14).
        command = command with { IdempotencyKey = $"{scope}:{key}" };
        switch (await idempotency.ClaimAsync(scope, key, IdempotencyStore.Hash(raw), ct))
        {
            case IdempotencyStore.Mismatch:
                return TypedResults.Problem(title: Messages.Api_KeyMismatch,
                    statusCode: StatusCodes.Status422UnprocessableEntity);
            case IdempotencyStore.InProgress:
                return TypedResults.Problem(title: Messages.Api_KeyInProgress,
                    statusCode: StatusCodes.Status409Conflict);
            case IdempotencyStore.Replay replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Answer(replay.StatusCode, replay.Body);
            case IdempotencyStore.Claimed claimed:
                lease = claimed.Lease;
                break;
            default:
                throw new InvalidOperationException("Unknown idempotency claim.");
        }

        try
        {
            var result = await SendAsync();
            if (result is StoredAnswer answer && answer.Status < 500)
                await idempotency.CompleteAsync(lease, answer.Status, answer.Body, CancellationToken.None);
            else
                await idempotency.AbandonAsync(lease);
            return result;
        }
        catch
        {
            await idempotency.AbandonAsync(lease);
            throw;
        }

        async Task<IResult> SendAsync()
        {
            try
            {
                var result = await sender.Send(command, ct);
                return result.IsSuccess
                    ? Answer(StatusCodes.Status201Created, JsonSerializer.Serialize(result.Value, json.Value.SerializerOptions), result.Value!.Id)
                    : Answer(ErrorResultStatus(result.Error!), JsonSerializer.Serialize(result.Error!.ToProblemDetails(), json.Value.SerializerOptions));
            }
            catch (ValidationException ex)
            {
                var errors = ex.Errors.GroupBy(e => ProblemExceptionHandler.ToCamelCase(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
                var problem = new HttpValidationProblemDetails(errors)
                {
                    Type = ErrorResults.TypeFor(StatusCodes.Status400BadRequest), Title = Messages.Problem_Invalid, Status = StatusCodes.Status400BadRequest,
                };
                problem.Extensions["code"] = ProblemLanguage.InvalidCode;
                return Answer(StatusCodes.Status400BadRequest, JsonSerializer.Serialize(problem, json.Value.SerializerOptions));
            }
        }

        static int ErrorResultStatus(O2O.Application.Common.Error error) => error.ToProblemDetails().Status!.Value;
    }

    private static bool IsRandomUuid(string key) => Guid.TryParse(key, out var uuid) && uuid.Version is 4 or 7;

    private static StoredAnswer Answer(int status, string body, Guid? createdId = null) => new(status, body, createdId);

    /// <summary>An answer kept as text, so the exact same bytes can be replayed for an Idempotency-Key.</summary>
    private sealed record StoredAnswer(int Status, string Body, Guid? CreatedId) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = Status;
            http.Response.ContentType = Status < 400 ? "application/json; charset=utf-8" : "application/problem+json; charset=utf-8";
            if (Status == StatusCodes.Status201Created && CreatedId is { } id)
                http.Response.Headers.Location = $"/api/v1/orders/{id}";
            else if (Status == StatusCodes.Status201Created)
            {
                using var doc = JsonDocument.Parse(Body);
                if (doc.RootElement.TryGetProperty("id", out var idProperty)) http.Response.Headers.Location = $"/api/v1/orders/{idProperty.GetString()}";
            }
            return http.Response.WriteAsync(Body);
        }
    }
}
