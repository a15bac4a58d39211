using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using O2O.Application.Admin;
using O2O.Application.Localization;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

/// <summary>Returns at the counter (issue 14, items 9–11; ADR 47).</summary>
public static class ReturnEndpoints
{
    public const string IdempotencyOperation = "order-return";

    /// <summary><paramref name="StoreId"/>: the counter taking the items back (default: the pickup store); the clerk must work there.</summary>
    public sealed record ReturnBody(List<ReturnLineInput>? Lines, string? Reason, Guid? StoreId);

    public sealed record ReturnWindowBody(int? ReturnWindowDays);

    public static void MapReturnEndpoints(this RouteGroupBuilder v1)
    {
        var stores = v1.MapGroup("/admin/stores").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        stores.MapGet("/{id:guid}/return-window", async (Guid id, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetStoreReturnWindow(id), ct), Messages.NotFound_Store))
            .WithName("AdminGetStoreReturnWindow").WithSummary("Days after collection in which the store takes items back (default 30).")
            .Produces<StoreReturnWindow>().ProducesProblem(StatusCodes.Status404NotFound);
        stores.MapPut("/{id:guid}/return-window", async (Guid id, ReturnWindowBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new SetStoreReturnWindow(id, body?.ReturnWindowDays, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("AdminSetStoreReturnWindow").WithSummary("Sets the days after collection in which the store takes items back (0 to 365; 0 takes nothing back).")
            .Produces<StoreReturnWindow>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGroup("/staff").WithTags("Staff").RequireAuthorization(Policies.StaffOrAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .MapPost("/orders/{id:guid}/returns", TakeBackAsync)
            .WithName("TakeBackItems")
            .WithSummary("Takes collected items back at the counter of storeId (default the pickup store), within the store's return window: lines with quantities and whether each goes back on the shelf there, and a reason (changed_mind, damaged, faulty, wrong_item, not_as_described, or the clerk's words). The refund is sent to the original payment. Requires an Idempotency-Key: a retry replays the first answer.")
            .Accepts<ReturnBody>("application/json")
            .Produces<ReturnTaken>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> TakeBackAsync(Guid id, HttpContext http, ISender sender, IdempotencyStore idempotency,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        // Read by hand, to hash it for the Idempotency-Key (as placing an order does).
        if (!http.Request.HasJsonContentType())
            return TypedResults.Problem(title: Messages.Problem_SendJson, statusCode: StatusCodes.Status415UnsupportedMediaType);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var raw = buffer.ToArray();
        ReturnBody? body;
        try
        {
            body = JsonSerializer.Deserialize<ReturnBody>(raw, json.Value.SerializerOptions);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(InputErrors.FromJson(ex, typeof(ReturnBody)), title: Messages.Problem_Invalid,
                extensions: new Dictionary<string, object?> { ["code"] = ProblemLanguage.InvalidCode });
        }
        if (body is null) return TypedResults.Problem(title: Messages.Api_BodyEmpty, statusCode: StatusCodes.Status400BadRequest);

        string? key = http.Request.Headers["Idempotency-Key"];
        if (string.IsNullOrWhiteSpace(key))
            return TypedResults.Problem(title: Messages.Return_KeyRequired, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = "idempotency_key_required" });
        if (key.Length > 200) return TypedResults.Problem(title: Messages.Api_KeyTooLong, statusCode: StatusCodes.Status400BadRequest);

        var actor = http.User.ToActor();
        var scope = IdempotencyStore.ScopeFor(IdempotencyOperation, actor.UserId);
        var requestHash = IdempotencyStore.Hash([.. raw, .. id.ToByteArray()]);
        var command = new TakeBackItems(id, body.StoreId, body.Lines, body.Reason, actor)
        {
            IdempotencyKeyHash = KeyHash(scope, key),
            RequestHash = requestHash,
        };
        IdempotencyStore.Lease lease;
        switch (await idempotency.ClaimAsync(scope, key, requestHash, ct))
        {
            case IdempotencyStore.Mismatch:
                return TypedResults.Problem(title: Messages.Api_KeyMismatch, statusCode: StatusCodes.Status422UnprocessableEntity,
                    extensions: new Dictionary<string, object?> { ["code"] = "idempotency_key_reused" });
            case IdempotencyStore.InProgress:
                return TypedResults.Problem(title: Messages.Api_KeyInProgress, statusCode: StatusCodes.Status409Conflict);
            case IdempotencyStore.Replay replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return new StoredAnswer(replay.StatusCode, replay.Body, id);
            case IdempotencyStore.Claimed claimed:
                lease = claimed.Lease;
                break;
            default:
                throw new InvalidOperationException("Unknown idempotency claim.");
        }

        StoredAnswer answer;
        try
        {
            answer = await SendAsync();
        }
        catch
        {
            await idempotency.AbandonAsync(lease);
            throw;
        }
        // A refusal that a retry may not repeat (not collected yet, another clerk's return in the way) is not stored:
        // the same key may try again once things change. Successes and input errors are final.
        if (answer.Status is StatusCodes.Status201Created or StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity)
            await idempotency.CompleteAsync(lease, answer.Status, answer.Body, CancellationToken.None);
        else
            await idempotency.AbandonAsync(lease);
        return answer;

        async Task<StoredAnswer> SendAsync()
        {
            try
            {
                var result = await sender.Send(command, ct);
                return result.IsSuccess
                    ? new StoredAnswer(StatusCodes.Status201Created, JsonSerializer.Serialize(result.Value, json.Value.SerializerOptions), id)
                    : new StoredAnswer(result.Error!.ToProblemDetails().Status!.Value, JsonSerializer.Serialize(result.Error!.ToProblemDetails(), json.Value.SerializerOptions), id);
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
                return new StoredAnswer(StatusCodes.Status400BadRequest, JsonSerializer.Serialize(problem, json.Value.SerializerOptions), id);
            }
        }
    }

    /// <summary>The key as the return row keeps it: scoped to the caller, hashed (a page sends its own key the same way).</summary>
    public static string KeyHash(string scope, string key) => IdempotencyStore.Hash(Encoding.UTF8.GetBytes($"{scope}:{key}"));

    /// <summary>An answer kept as text, so a retry gets the same bytes.</summary>
    private sealed record StoredAnswer(int Status, string Body, Guid OrderId) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = Status;
            http.Response.ContentType = Status < 400 ? "application/json; charset=utf-8" : "application/problem+json; charset=utf-8";
            if (Status == StatusCodes.Status201Created) http.Response.Headers.Location = $"/api/v1/orders/{OrderId}";
            return http.Response.WriteAsync(Body);
        }
    }
}
