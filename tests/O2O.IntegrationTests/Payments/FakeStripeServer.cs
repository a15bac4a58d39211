using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace O2O.IntegrationTests.Payments;

/// <summary>
/// A local stand-in for api.stripe.com that the real Stripe.net client talks to: form-encoded requests in,
/// Stripe-shaped JSON out. It keeps just enough PaymentIntent state to refuse what Stripe would refuse
/// (capturing an intent that is not authorised, refunding one that has no charge, cancelling a succeeded one),
/// records every request, and can be told to fail. Idempotency keys behave as Stripe's do: the same key with the same
/// request replays the first answer, and the same key with other parameters is refused, so a key reused for a second
/// movement of money is caught rather than silently replayed.
/// </summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Form, string? IdempotencyKey,
        string? Authorization, int Status);

    private sealed record Failure(int Status, string Type, string Message, string? Code);

    private readonly Lock _gate = new();
    private readonly List<Request> _requests = [];
    private readonly Dictionary<string, (string Request, int Status, string Body)> _answersByIdempotencyKey = [];
    private readonly Dictionary<string, JsonObject> _intents = [];
    private Failure? _failure;
    private TaskCompletionSource? _paused;
    private WebApplication _app = null!;
    private InjectedFault _injected = InjectedFault.None;
    private Func<JsonObject, Task>? _onIntentCreated;

    private FakeStripeServer() { }

    /// <summary>The API base to give Stripe.net, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; private set; } = "";

    public static async Task<FakeStripeServer> StartAsync()
    {
        var server = new FakeStripeServer();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "FakeStripe",
        });
        // Nothing from the app's appsettings (Kestrel endpoints, logging) may leak into the fake.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        server._app = builder.Build();
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        var addresses = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        server.Url = addresses.Addresses.Single();
        return server;
    }

    public IReadOnlyList<Request> Requests
    {
        get { lock (_gate) return _requests.ToList(); }
    }

    public IReadOnlyList<Request> RequestsTo(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>Every following request fails with this Stripe error until <see cref="Reset"/>.</summary>
    public void FailWith(HttpStatusCode status, string type = "api_error", string message = "Something went wrong on Stripe's end.", string? code = null)
    {
        lock (_gate) _failure = new Failure((int)status, type, message, code);
    }

    /// <summary>
    /// Requests are received and recorded, but their answers wait until <see cref="ResumeAnswers"/> (or disposal):
    /// a Stripe that hangs, to look at what the app holds meanwhile.
    /// </summary>
    public IDisposable PauseAnswers()
    {
        lock (_gate) _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new Resumer(this);
    }

    public void ResumeAnswers()
    {
        TaskCompletionSource? paused;
        lock (_gate) (paused, _paused) = (_paused, null);
        paused?.TrySetResult();
    }

    /// <summary>Waits (up to a minute) until a request to <paramref name="path"/> has arrived.</summary>
    public async Task WaitForRequestAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (RequestsTo(path).Count == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No request to {path} arrived.");
            await Task.Delay(20);
        }
    }

    private sealed class Resumer(FakeStripeServer server) : IDisposable
    {
        public void Dispose() => server.ResumeAnswers();
    }

    /// <summary>Answers normally again, keeping what the fake already knows.</summary>
    public void Recover()
    {
        lock (_gate) _failure = null;
        ClearInjectedFaults();
    }

    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _answersByIdempotencyKey.Clear();
            _intents.Clear();
            _failure = null;
        }
        ClearInjectedFaults();
        OnIntentCreated(null);
    }

    /// <summary>The PaymentIntent the app created for an order (its metadata names the order).</summary>
    public string IntentIdForOrder(Guid orderId)
    {
        lock (_gate)
            return _intents.Values.Single(i => i["metadata"]?["order_id"]?.GetValue<string>() == orderId.ToString())["id"]!.GetValue<string>();
    }

    /// <summary>The charge behind a succeeded intent, as a <c>charge.refunded</c> webhook carries it.</summary>
    public JsonObject Charge(string intentId)
    {
        lock (_gate)
        {
            var intent = _intents[intentId];
            return new JsonObject
            {
                ["id"] = $"ch_{intentId[3..]}",
                ["object"] = "charge",
                ["amount"] = intent["amount_received"]!.GetValue<long>(),
                ["amount_refunded"] = intent["amount_refunded"]?.GetValue<long>() ?? 0,
                ["currency"] = intent["currency"]!.GetValue<string>(),
                ["payment_intent"] = intentId,
                ["refunded"] = (intent["amount_refunded"]?.GetValue<long>() ?? 0) == intent["amount_received"]!.GetValue<long>(),
                ["status"] = "succeeded",
            };
        }
    }

    /// <summary>A copy of the PaymentIntent as the fake holds it.</summary>
    public JsonObject Intent(string id)
    {
        lock (_gate) return (JsonObject)_intents[id].DeepClone();
    }

    /// <summary>
    /// What Stripe does when the shopper's card goes through: a capture-automatically intent succeeds, a manual one
    /// waits for capture. Returns the intent as a webhook would carry it.
    /// </summary>
    public JsonObject ConfirmIntent(string id)
    {
        lock (_gate)
        {
            var intent = _intents[id];
            var amount = intent["amount"]!.GetValue<long>();
            if (intent["capture_method"]!.GetValue<string>() == "manual")
            {
                intent["status"] = "requires_capture";
                intent["amount_capturable"] = amount;
            }
            else
            {
                intent["status"] = "succeeded";
                intent["amount_received"] = amount;
            }
            return (JsonObject)intent.DeepClone();
        }
    }

    /// <summary>A declined card: the intent goes back to waiting for a payment method.</summary>
    public JsonObject DeclineIntent(string id)
    {
        lock (_gate)
        {
            var intent = _intents[id];
            intent["status"] = "requires_payment_method";
            intent["last_payment_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["message"] = "Your card was declined." };
            return (JsonObject)intent.DeepClone();
        }
    }

    /// <summary>What Stripe does by itself to an authorisation that was not captured in time.</summary>
    public void CancelIntentOnStripesSide(string id)
    {
        lock (_gate)
        {
            _intents[id]["status"] = "canceled";
            _intents[id]["amount_capturable"] = 0;
            _intents[id]["cancellation_reason"] = "automatic";
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var form = new Dictionary<string, string>();
        if (http.Request.HasFormContentType)
            foreach (var (key, value) in await http.Request.ReadFormAsync())
                form[key] = value.ToString();
        string? idempotencyKey = http.Request.Headers["Idempotency-Key"];
        var path = http.Request.Path.Value ?? "";

        int status;
        string body;
        TaskCompletionSource? paused;
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                (status, body) = (failure.Status, Error(failure.Type, failure.Message, failure.Code));
            }
            else if (idempotencyKey is not null && _answersByIdempotencyKey.TryGetValue(idempotencyKey, out var replay))
            {
                if (replay.Request == Fingerprint(http.Request.Method, path, form))
                {
                    (status, body) = (replay.Status, replay.Body);
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                }
                else
                {
                    (status, body) = (400, Error("idempotency_error",
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{idempotencyKey}' if you meant to execute a different request.",
                        null));
                }
            }
            else
            {
                (status, body) = Route(http.Request.Method, path, form);
                if (idempotencyKey is not null) _answersByIdempotencyKey[idempotencyKey] = (Fingerprint(http.Request.Method, path, form), status, body);
            }
            _requests.Add(new Request(http.Request.Method, path, form, idempotencyKey, http.Request.Headers.Authorization, status));
            paused = _paused;
        }
        if (paused is not null) await paused.Task;

        if (await InjectAsync(http, path, status, body)) return;

        http.Response.StatusCode = status;
        // Stripe.net retries 5xx answers unless told not to; a test that makes the fake fail wants one clear failure.
        if (status >= 400) http.Response.Headers["Stripe-Should-Retry"] = "false";
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private static string Fingerprint(string method, string path, Dictionary<string, string> form) =>
        $"{method} {path}?{string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))}";

    private (int Status, string Body) Route(string method, string path, Dictionary<string, string> form)
    {
        var parts = path.Trim('/').Split('/');
        return (method, parts) switch
        {
            ("GET", ["v1", "payment_intents", var id]) => WithIntent(id, intent => (200, intent.ToJsonString())),
            ("POST", ["v1", "payment_intents"]) => CreateIntent(form),
            ("POST", ["v1", "payment_intents", var id, "cancel"]) => WithIntent(id, intent => CancelIntent(intent, form)),
            ("POST", ["v1", "payment_intents", var id, "capture"]) => WithIntent(id, intent => CaptureIntent(intent, form)),
            ("POST", ["v1", "refunds"]) => form.TryGetValue("payment_intent", out var id)
                ? WithIntent(id, intent => Refund(intent, form))
                : (400, Error("invalid_request_error", "Missing required param: payment_intent.", "parameter_missing")),
            _ => (404, Error("invalid_request_error", $"Unrecognized request URL ({method}: {path}).", null)),
        };
    }

    private (int, string) CreateIntent(Dictionary<string, string> form)
    {
        if (!form.TryGetValue("amount", out var rawAmount) || !long.TryParse(rawAmount, out var amount) || amount < 1)
            return (400, Error("invalid_request_error", "Missing or invalid param: amount.", "parameter_missing"));
        if (!form.TryGetValue("currency", out var currency))
            return (400, Error("invalid_request_error", "Missing required param: currency.", "parameter_missing"));

        var id = $"pi_{RandomId()}";
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal) && f.Key.EndsWith(']')))
            metadata[key["metadata[".Length..^1]] = value;
        var intent = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0,
            ["amount_received"] = 0,
            ["capture_method"] = form.GetValueOrDefault("capture_method", "automatic"),
            ["client_secret"] = $"{id}_secret_{RandomId()}",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["currency"] = currency,
            ["description"] = form.GetValueOrDefault("description"),
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["receipt_email"] = form.GetValueOrDefault("receipt_email"),
            ["status"] = "requires_payment_method",
        };
        _intents[id] = intent;
        return (200, intent.ToJsonString());
    }

    private static (int, string) CancelIntent(JsonObject intent, Dictionary<string, string> form)
    {
        var status = intent["status"]!.GetValue<string>();
        if (status is "succeeded" or "canceled")
            return (400, Error("invalid_request_error",
                $"You cannot cancel this PaymentIntent because it has a status of {status}.", "payment_intent_unexpected_state"));
        intent["status"] = "canceled";
        intent["amount_capturable"] = 0;
        intent["cancellation_reason"] = form.GetValueOrDefault("cancellation_reason");
        return (200, intent.ToJsonString());
    }

    private static (int, string) CaptureIntent(JsonObject intent, Dictionary<string, string> form)
    {
        if (intent["status"]!.GetValue<string>() != "requires_capture")
            return (400, Error("invalid_request_error",
                $"This PaymentIntent could not be captured because it has a status of {intent["status"]}.", "payment_intent_unexpected_state"));
        var capturable = intent["amount_capturable"]!.GetValue<long>();
        var amount = form.TryGetValue("amount_to_capture", out var raw) ? long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture) : capturable;
        if (amount > capturable)
            return (400, Error("invalid_request_error", "The amount to capture is more than what can be captured.", "amount_too_large"));
        intent["status"] = "succeeded";
        intent["amount_capturable"] = 0;
        intent["amount_received"] = amount;
        return (200, intent.ToJsonString());
    }

    private static (int, string) Refund(JsonObject intent, Dictionary<string, string> form)
    {
        if (intent["status"]!.GetValue<string>() != "succeeded")
            return (400, Error("invalid_request_error", "This PaymentIntent does not have a successful charge to refund.", "charge_not_refundable"));
        var received = intent["amount_received"]!.GetValue<long>();
        var refunded = intent["amount_refunded"]?.GetValue<long>() ?? 0;
        var amount = form.TryGetValue("amount", out var raw) ? long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture) : received - refunded;
        if (amount < 1 || refunded + amount > received)
            return (400, Error("invalid_request_error", "Refund amount is greater than the unrefunded amount.", "amount_too_large"));
        intent["amount_refunded"] = refunded + amount;
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal) && f.Key.EndsWith(']')))
            metadata[key["metadata[".Length..^1]] = value;
        var refund = new JsonObject
        {
            ["metadata"] = metadata,
            ["id"] = $"re_{RandomId()}",
            ["object"] = "refund",
            ["amount"] = amount,
            ["currency"] = intent["currency"]!.GetValue<string>(),
            ["payment_intent"] = intent["id"]!.GetValue<string>(),
            ["status"] = "succeeded",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        return (200, refund.ToJsonString());
    }

    private (int, string) WithIntent(string id, Func<JsonObject, (int, string)> action) =>
        _intents.TryGetValue(id, out var intent)
            ? action(intent)
            : (404, Error("invalid_request_error", $"No such payment_intent: '{id}'", "resource_missing"));

    private static string Error(string type, string message, string? code) =>
        new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message } }.ToJsonString();

    private static string RandomId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 24);

    // Fault injection for the fault suite (Faults/): slow answers, lost answers, and webhooks that race the app.

    /// <summary>How the fake misbehaves after it has done what a request asked (Stripe did it; only the answer suffers).</summary>
    private sealed record InjectedFault(TimeSpan Delay, bool DropAnswer)
    {
        public static readonly InjectedFault None = new(TimeSpan.Zero, false);

        /// <summary>Completed when the fault is cleared, so no request waits longer than the fault lasts.</summary>
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Every following request is answered, correctly, only after <paramref name="delay"/>, until <see cref="Recover"/>.</summary>
    public void AnswerSlowly(TimeSpan delay)
    {
        lock (_gate) _injected = new InjectedFault(delay, DropAnswer: false);
    }

    /// <summary>
    /// A timeout as the client meets it: every following request is carried out, but its connection is cut after
    /// <paramref name="after"/> with no answer, until <see cref="Recover"/>.
    /// </summary>
    public void DropAnswersAfter(TimeSpan after)
    {
        lock (_gate) _injected = new InjectedFault(after, DropAnswer: true);
    }

    /// <summary>Every following request is carried out and then left hanging until <see cref="Recover"/>, which cuts it.</summary>
    public void Hang()
    {
        lock (_gate) _injected = new InjectedFault(Timeout.InfiniteTimeSpan, DropAnswer: true);
    }

    /// <summary>
    /// Runs <paramref name="hook"/> with each newly created PaymentIntent before the creating request is answered:
    /// what a webhook that overtakes the app's own bookkeeping looks like. Null removes it.
    /// </summary>
    public void OnIntentCreated(Func<JsonObject, Task>? hook)
    {
        lock (_gate) _onIntentCreated = hook;
    }

    /// <summary>Copies of every PaymentIntent the fake holds.</summary>
    public IReadOnlyList<JsonObject> Intents()
    {
        lock (_gate) return _intents.Values.Select(i => (JsonObject)i.DeepClone()).ToList();
    }

    private void ClearInjectedFaults()
    {
        InjectedFault cleared;
        lock (_gate) (cleared, _injected) = (_injected, InjectedFault.None);
        cleared.Released.TrySetResult();
    }

    /// <summary>Returns true when the request was cut instead of answered.</summary>
    private async Task<bool> InjectAsync(HttpContext http, string path, int status, string body)
    {
        InjectedFault fault;
        Func<JsonObject, Task>? onCreated;
        lock (_gate) (fault, onCreated) = (_injected, _onIntentCreated);

        if (onCreated is not null && status == 200 && http.Request.Method == "POST" && path == "/v1/payment_intents")
            await onCreated(Intent(JsonNode.Parse(body)!["id"]!.GetValue<string>()));

        if (fault.Delay != TimeSpan.Zero) await Task.WhenAny(Task.Delay(fault.Delay, http.RequestAborted), fault.Released.Task);
        if (!fault.DropAnswer) return false;
        http.Abort();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        ClearInjectedFaults();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Webhook events as Stripe sends them: a JSON body and its Stripe-Signature header.</summary>
public static class StripeEvents
{
    public const string WebhookPath = "/api/v1/payments/stripe/webhook";

    /// <summary>A null <paramref name="Signature"/> sends no Stripe-Signature header at all.</summary>
    public sealed record SignedEvent(string Id, string Payload, string? Signature);

    public static SignedEvent Sign(string type, JsonObject paymentIntent, string secret, string? eventId = null, DateTimeOffset? signedAt = null)
    {
        var id = eventId ?? $"evt_{RandomNumberGenerator.GetHexString(24, lowercase: true)}";
        var payload = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = paymentIntent.DeepClone() },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();
        // Stripe timestamps the signature with real time, and the app checks it against real time, not the test clock.
        return new SignedEvent(id, payload, Stripe.EventUtility.GenerateSignatureHeader(payload, secret, signedAt?.ToUnixTimeSeconds()));
    }

    public static async Task<HttpResponseMessage> PostStripeEventAsync(this HttpClient client, SignedEvent e)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookPath)
        {
            Content = new StringContent(e.Payload, Encoding.UTF8, "application/json"),
        };
        if (e.Signature is not null) request.Headers.Add("Stripe-Signature", e.Signature);
        return await client.SendAsync(request);
    }
}
