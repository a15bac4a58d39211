using System.Net;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Domain.Payments;
using O2O.Domain.Stores;
using Stripe;

namespace O2O.Infrastructure.Payments;

/// <summary>Stripe PaymentIntents. The amount always comes from the order the server priced.</summary>
public sealed class StripePaymentGateway(IStripeClient client) : IPaymentGateway
{
    public const string Name = "stripe";

    public string Provider => Name;
    public bool IsTestMode => false;

    public async Task<PaymentSession> StartAsync(PaymentStart request, CancellationToken ct)
    {
        var options = new PaymentIntentCreateOptions
        {
            Amount = request.Amount,
            Currency = request.Currency.ToLowerInvariant(),
            CaptureMethod = request.CaptureMode == CaptureMode.AtHandover ? "manual" : "automatic",
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
            Description = $"O2O order {request.OrderNumber}",
            ReceiptEmail = request.CustomerEmail,
            Metadata = new Dictionary<string, string> { ["order_id"] = request.OrderId.ToString(), ["order_number"] = request.OrderNumber },
        };
        var intent = await Call(() => new PaymentIntentService(client).CreateAsync(options,
            new RequestOptions { IdempotencyKey = $"o2o-order-{request.OrderId}" }, ct));
        return new PaymentSession(intent.Id, intent.ClientSecret);
    }

    public Task ExecuteAsync(PaymentCommand command, CancellationToken ct)
    {
        var request = new RequestOptions { IdempotencyKey = command.IdempotencyKey };
        var metadata = new Dictionary<string, string> { ["o2o_command_id"] = command.Id.ToString(), ["order_id"] = command.OrderId.ToString() };
        return command.Kind switch
        {
            PaymentCommandKind.Refund => Call(() => new RefundService(client).CreateAsync(
                new RefundCreateOptions { PaymentIntent = command.Reference, Amount = command.Amount, Metadata = metadata }, request, ct)),
            PaymentCommandKind.Capture => Call(() => new PaymentIntentService(client).CaptureAsync(command.Reference,
                new PaymentIntentCaptureOptions { AmountToCapture = command.Amount, Metadata = metadata }, request, ct)),
            _ => VoidAsync(command, request, ct),
        };
    }

    private async Task VoidAsync(PaymentCommand command, RequestOptions request, CancellationToken ct)
    {
        var intents = new PaymentIntentService(client);
        try
        {
            await Call(() => intents.CancelAsync(command.Reference, new PaymentIntentCancelOptions(), request, ct));
        }
        catch (PaymentGatewayException ex) when (ex.InnerException is StripeException { StripeError.Code: "payment_intent_unexpected_state" })
        {
            // Stripe cancels an authorisation that was not captured in time by itself: the money is back already.
            var intent = await Call(() => intents.GetAsync(command.Reference, cancellationToken: ct));
            if (intent.Status != "canceled") throw;
        }
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex)
        {
            // Stripe's own faults, rate limits and a key still in use by a concurrent request may pass; any other 4xx is a refusal.
            var transient = ex.HttpStatusCode is >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict
                || ex.StripeError?.Type == "api_connection_error";
            throw new PaymentGatewayException($"Stripe refused the request: {ex.StripeError?.Message ?? ex.Message}", ex, isPermanent: !transient);
        }
        catch (HttpRequestException ex)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", ex);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            throw new PaymentGatewayException("Stripe did not answer in time.", ex);
        }
    }

    public static IStripeClient CreateClient(IOptions<StripeOptions> options)
    {
        var o = options.Value;
        // Stripe.net waits 80 s by default; a payment command's lease must outlast a call, so calls are bounded (StripeOptions).
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds) };
        var clientOptions = new StripeClientOptions { ApiKey = o.SecretKey, HttpClient = new SystemNetHttpClient(http, o.MaxNetworkRetries) };
        if (!string.IsNullOrWhiteSpace(o.ApiBase)) clientOptions.ApiBase = o.ApiBase;
        return new StripeClient(clientOptions);
    }
}
